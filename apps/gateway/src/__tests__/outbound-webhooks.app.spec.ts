import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { WebhookPayload } from '@sleep/contracts';
import type { ChangeToAppend, GatewayDeps } from '@sleep/gateway-api';
import { Webhook } from 'standardwebhooks';
import { GATEWAY_DEPS } from '../gateway.tokens';
import { type GatewayFixture, KEY_ACME, startGateway } from './gateway-fixture';

/** A short clock: retries from 200 ms, disabled after 1.5 s and 4 failures in a row. */
const ENV = {
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_DISPATCH_INTERVAL_MS: '100',
  WEBHOOK_TIMEOUT_MS: '2000',
  WEBHOOK_RETRY_BASE_MS: '200',
  WEBHOOK_RETRY_MAX_MS: '800',
  WEBHOOK_RETRY_HORIZON_MS: '60000',
  WEBHOOK_DISABLE_AFTER_MS: '1500',
  WEBHOOK_DISABLE_MIN_FAILURES: '4',
};

interface Received {
  at: number;
  headers: Record<string, string>;
  body: string;
  payload: WebhookPayload;
}

/** A tenant's backend: answers with `status`, keeps what it was sent. */
async function startReceiver() {
  const received: Received[] = [];
  const state = { status: 200 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({
        at: Date.now(),
        headers: req.headers as Record<string, string>,
        body,
        payload: JSON.parse(body) as WebhookPayload,
      });
      res.statusCode = state.status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    state,
    of: (userId: string) => received.filter((r) => r.payload.data.userId === userId),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

type Falsy = false | null | undefined | 0 | '';
async function until<T>(
  probe: () => T | Falsy | Promise<T | Falsy>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const tenantId = `hooks-${randomBytes(3).toString('hex')}`;

describe('outbound webhooks on Postgres, the change feed and a real receiver', () => {
  let gw: GatewayFixture;
  let receiver: Receiver;
  let admin: ReturnType<GatewayFixture['client']>;
  const asleepIds = new Map<string, string>();
  /** Gateways started on the first one's database (restarts), stopped before it. */
  const stopLater: GatewayFixture[] = [];

  const deps = () => gw.app.get<GatewayDeps>(GATEWAY_DEPS);
  /** A change as the ledger writer appends it from the session and analytics topics. */
  const change = async (
    appUserId: string,
    type: ChangeToAppend['type'],
    subjectId: string,
    data: ChangeToAppend['data'] = {},
  ) => {
    const appended = await deps().changes.append({
      tenantId,
      asleepUserId: asleepIds.get(appUserId)!,
      type,
      subjectId,
      occurredAt: new Date().toISOString(),
      data,
      dedupeKey: randomBytes(8).toString('hex'),
    });
    expect(appended).not.toBeNull();
    return appended!;
  };
  const newUser = async () => {
    const appUserId = `u-${randomBytes(3).toString('hex')}`;
    const user = await admin.users.create.mutate({ appUserId });
    asleepIds.set(appUserId, user.asleepUserId);
    return appUserId;
  };

  beforeAll(async () => {
    gw = await startGateway(ENV);
    receiver = await startReceiver();
    const operator = gw.client(await gw.token('platform', 'olga', 'operator'));
    await operator.platform.tenants.create.mutate({
      id: tenantId,
      name: 'Hooks',
      asleepApiKey: KEY_ACME,
    });
    admin = gw.client(await gw.token(tenantId, 'adam', 'admin'));
  }, 60_000);
  afterAll(async () => {
    for (const later of stopLater) await later.stop();
    await receiver?.close();
    await gw?.stop();
  });
  afterEach(async () => {
    receiver.state.status = 200;
    const { endpoints } = await admin.webhooks.endpoints.list.query();
    for (const endpoint of endpoints)
      await admin.webhooks.endpoints.delete.mutate({ endpointId: endpoint.id });
  });

  it('delivers each subscribed change, signed so a Standard Webhooks library accepts it', async () => {
    const user = await newUser();
    const { endpoint, secret } = await admin.webhooks.endpoints.create.mutate({
      url: receiver.url,
      eventTypes: ['session.completed'],
    });
    await change(user, 'session.progressed', 's-1', {
      version: 1,
      state: 'OPEN',
      analysedEpochs: 10,
    });
    const completed = await change(user, 'session.completed', 's-1', {
      version: 2,
      state: 'COMPLETE',
    });
    const [got] = await until(() => receiver.of(user).length > 0 && receiver.of(user));
    expect(new Webhook(secret).verify(got.body, got.headers)).toEqual({
      type: 'session.completed',
      timestamp: completed.occurredAt,
      data: completed,
    });
    expect(got.headers['webhook-id']).toMatch(/^msg_/);
    const { deliveries } = await until(async () => {
      const page = await admin.webhooks.deliveries.list.query({ endpointId: endpoint.id });
      return page.deliveries[0]?.status === 'delivered' && page;
    });
    expect(deliveries).toEqual([
      expect.objectContaining({
        id: got.headers['webhook-id'],
        type: 'session.completed',
        status: 'delivered',
        attempts: [expect.objectContaining({ outcome: 'success', statusCode: 200 })],
      }),
    ]);
    // Only what was subscribed: the progress change was not sent.
    expect(receiver.of(user).map((r) => r.payload.type)).toEqual(['session.completed']);
  }, 30_000);

  it("retries a failing receiver with growing waits, and keeps a user's changes in order", async () => {
    const user = await newUser();
    const { endpoint } = await admin.webhooks.endpoints.create.mutate({
      url: receiver.url,
      eventTypes: ['session.progressed', 'session.completed', 'report.created'],
    });
    receiver.state.status = 503;
    await change(user, 'session.progressed', 's-2', {
      version: 1,
      state: 'OPEN',
      analysedEpochs: 20,
    });
    await change(user, 'session.completed', 's-2', { version: 2, state: 'COMPLETE' });
    await change(user, 'report.created', 'r-2', { kind: 'week', periodKey: '2026-W49' });
    // Three failed attempts of the first change; the completion waits behind it, the report does not.
    await until(
      () => receiver.of(user).filter((r) => r.payload.type === 'session.progressed').length >= 3,
    );
    expect(receiver.of(user).some((r) => r.payload.type === 'session.completed')).toBe(false);
    expect(receiver.of(user).some((r) => r.payload.type === 'report.created')).toBe(true);
    receiver.state.status = 200;
    await until(() => receiver.of(user).some((r) => r.payload.type === 'session.completed'));
    const sessions = receiver.of(user).filter((r) => r.payload.type !== 'report.created');
    const firstCompletion = sessions.findIndex((r) => r.payload.type === 'session.completed');
    expect(
      sessions.slice(firstCompletion).every((r) => r.payload.type === 'session.completed'),
    ).toBe(true);
    // Backoff: each wait between attempts of one message at least half the growing ceiling.
    const progressed = sessions
      .filter((r) => r.payload.type === 'session.progressed')
      .map((r) => r.at);
    expect(
      new Set(
        receiver
          .of(user)
          .filter((r) => r.payload.type === 'session.progressed')
          .map((r) => r.headers['webhook-id']),
      ).size,
    ).toBe(1);
    expect(progressed[1] - progressed[0]).toBeGreaterThanOrEqual(90);
    expect(progressed[2] - progressed[1]).toBeGreaterThanOrEqual(190);
    const page = await admin.webhooks.deliveries.list.query({ endpointId: endpoint.id });
    const first = page.deliveries.find((d) => d.type === 'session.progressed')!;
    expect(first.attempts.map((a) => a.statusCode).slice(0, 3)).toEqual([503, 503, 503]);
    expect(first.attempts.at(-1)).toMatchObject({ outcome: 'success', statusCode: 200 });
  }, 40_000);

  it('signs with the old and the new secret while a rotation is in its grace period', async () => {
    const user = await newUser();
    const { endpoint, secret: old } = await admin.webhooks.endpoints.create.mutate({
      url: receiver.url,
      eventTypes: ['insight.created'],
    });
    const { secret: next } = await admin.webhooks.endpoints.rotateSecret.mutate({
      endpointId: endpoint.id,
    });
    await change(user, 'insight.created', 'i-1', { rule: 'short-sleep', severity: 'notice' });
    const [got] = await until(() => receiver.of(user).length > 0 && receiver.of(user));
    expect(got.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(old).verify(got.body, got.headers)).not.toThrow();
    expect(() => new Webhook(next).verify(got.body, got.headers)).not.toThrow();
  }, 30_000);

  it('disables an endpoint after sustained failure, says so, and delivers what waited once enabled', async () => {
    const user = await newUser();
    const { endpoint } = await admin.webhooks.endpoints.create.mutate({
      url: receiver.url,
      eventTypes: ['session.deleted'],
    });
    receiver.state.status = 500;
    await change(user, 'session.deleted', 's-3', { version: 3 });
    const disabled = await until(async () => {
      const current = await admin.webhooks.endpoints.get.query({ endpointId: endpoint.id });
      return current.status === 'disabled' && current;
    });
    expect(disabled).toMatchObject({ disabledReason: 'failing' });
    expect(disabled.consecutiveFailures).toBeGreaterThanOrEqual(4);
    const { entries } = await admin.audit.list.query({ action: 'webhook.endpoint.auto-disable' });
    expect(entries[0]).toMatchObject({
      actor: { kind: 'service', id: 'webhook-dispatcher' },
      target: { id: endpoint.id },
    });
    const metrics = (await gw.management('/metrics')).body;
    expect(metrics).toMatch(/webhook_endpoints_auto_disabled_total\{[^}]*\} [1-9]/);
    expect(metrics).toMatch(
      /webhook_delivery_attempts_total\{outcome="failure",reason="http_5xx"[^}]*\} [1-9]/,
    );
    expect(metrics).not.toContain(tenantId);
    const attemptsWhileDisabled = receiver.of(user).length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.of(user).length).toBe(attemptsWhileDisabled);
    receiver.state.status = 204;
    await admin.webhooks.endpoints.update.mutate({ endpointId: endpoint.id, enabled: true });
    await until(async () => {
      const page = await admin.webhooks.deliveries.list.query({ endpointId: endpoint.id });
      return page.deliveries[0]?.status === 'delivered';
    });
  }, 40_000);

  it('replays a delivery by id and the deliveries of a time range, with their webhook-id', async () => {
    const user = await newUser();
    const { endpoint } = await admin.webhooks.endpoints.create.mutate({
      url: receiver.url,
      eventTypes: ['session.progressed'],
    });
    const from = new Date(Date.now() - 1_000).toISOString();
    await change(user, 'session.progressed', 's-4', {
      version: 1,
      state: 'OPEN',
      analysedEpochs: 1,
    });
    await change(user, 'session.progressed', 's-4', {
      version: 2,
      state: 'OPEN',
      analysedEpochs: 2,
    });
    await until(() => receiver.of(user).length === 2);
    const { deliveries } = await admin.webhooks.deliveries.list.query({ endpointId: endpoint.id });
    const oldest = deliveries.at(-1)!;
    expect(
      await admin.webhooks.replay.mutate({ endpointId: endpoint.id, deliveryId: oldest.id }),
    ).toEqual({
      replayed: 1,
    });
    await until(() => receiver.of(user).length === 3);
    expect(receiver.of(user)[2].headers['webhook-id']).toBe(oldest.id);
    const to = new Date(Date.now() + 1_000).toISOString();
    expect(await admin.webhooks.replay.mutate({ endpointId: endpoint.id, from, to })).toEqual({
      replayed: 2,
    });
    await until(() => receiver.of(user).length === 5);
    // A replay keeps the user's order too.
    expect(
      receiver
        .of(user)
        .slice(3)
        .map((r) => r.payload.data.data.version),
    ).toEqual([1, 2]);
    const { entries } = await admin.audit.list.query({ action: 'webhook.replay' });
    expect(entries.length).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it('keeps undelivered messages across a gateway restart and delivers them after it', async () => {
    const user = await newUser();
    const { endpoint, secret } = await admin.webhooks.endpoints.create.mutate({
      url: receiver.url,
      eventTypes: ['session.completed'],
    });
    receiver.state.status = 502;
    const completed = await change(user, 'session.completed', 's-5', {
      version: 1,
      state: 'COMPLETE',
    });
    await until(() => receiver.of(user).length >= 1);
    await gw.close();
    receiver.state.status = 200;
    const restarted = await startGateway(ENV, { database: gw.database });
    stopLater.push(restarted);
    admin = restarted.client(await restarted.token(tenantId, 'adam', 'admin'));
    const last = await until(() => receiver.of(user).find((r, i) => i > 0 && r));
    expect(new Webhook(secret).verify(last.body, last.headers)).toMatchObject({ data: completed });
    const page = await until(async () => {
      const current = await admin.webhooks.deliveries.list.query({ endpointId: endpoint.id });
      return current.deliveries[0]?.status === 'delivered' && current;
    });
    expect(page.deliveries).toHaveLength(1);
    expect(new Set(receiver.of(user).map((r) => r.headers['webhook-id'])).size).toBe(1);
  }, 60_000);
});
