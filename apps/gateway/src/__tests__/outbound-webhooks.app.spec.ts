import { randomBytes } from 'node:crypto';
import type { ChangeToAppend, GatewayDeps } from '@sleep/gateway-api';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { GATEWAY_DEPS } from '../gateway.tokens';
import { WebhookDispatcherJob } from '../webhooks/webhook-dispatcher.job';
import { WebhookOutboxRepository } from '../webhooks/webhook-outbox.repository';
import {
  type GatewayFixture,
  KEY_ACME,
  startGateway,
  GATEWAY_SETUP_TIMEOUT_MS,
} from './gateway-fixture';
import { type Receiver, SHORT_WEBHOOK_CLOCK, startReceiver, until } from './webhook-receiver';

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
    gw = await startGateway(SHORT_WEBHOOK_CLOCK);
    receiver = await startReceiver();
    const operator = gw.client(await gw.token('platform', 'olga', 'operator'));
    await operator.platform.tenants.create.mutate({
      id: tenantId,
      name: 'Hooks',
      asleepApiKey: KEY_ACME,
    });
    admin = gw.client(await gw.token(tenantId, 'adam', 'admin'));
  }, GATEWAY_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    for (const later of stopLater) await later.stop();
    await receiver?.close();
    await gw?.stop();
  }, 60_000);
  afterEach(async () => {
    receiver.state.status = 200;
    receiver.state.failFirst = null;
    const { endpoints } = await admin.webhooks.endpoints.list.query();
    for (const endpoint of endpoints)
      await admin.webhooks.endpoints.delete.mutate({ endpointId: endpoint.id });
  }, 30_000);

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
    receiver.state.failFirst = { type: 'session.progressed', times: 3 };
    await change(user, 'session.progressed', 's-2', {
      version: 1,
      state: 'OPEN',
      analysedEpochs: 20,
    });
    await change(user, 'session.completed', 's-2', { version: 2, state: 'COMPLETE' });
    await change(user, 'report.created', 'r-2', { kind: 'week', periodKey: '2026-W49' });
    await until(() => receiver.of(user).some((r) => r.payload.type === 'session.completed'));
    // The completion waited for its night's progress (three failures, then success); the report did not.
    const types = receiver.of(user).map((r) => r.payload.type);
    const sessions = types.filter((type) => type !== 'report.created');
    expect(sessions).toEqual([
      'session.progressed',
      'session.progressed',
      'session.progressed',
      'session.progressed',
      'session.completed',
    ]);
    expect(types.indexOf('report.created')).toBeLessThan(types.lastIndexOf('session.progressed'));
    // One message (one webhook-id), each wait at least half its doubling ceiling (200 ms base).
    const attempts = receiver.of(user).filter((r) => r.payload.type === 'session.progressed');
    expect(new Set(attempts.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const gaps = attempts.slice(1).map((r, i) => r.at - attempts[i].at);
    expect(gaps[0]).toBeGreaterThanOrEqual(90);
    expect(gaps[1]).toBeGreaterThanOrEqual(190);
    expect(gaps[2]).toBeGreaterThanOrEqual(390);
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

  it("drains one user's backlog in order at the receiver's pace, not one message per pass", async () => {
    const user = await newUser();
    const { endpoint } = await admin.webhooks.endpoints.create.mutate({
      url: receiver.url,
      eventTypes: ['session.progressed'],
    });
    const endpointId = endpoint.id;
    await admin.webhooks.endpoints.update.mutate({ endpointId, enabled: false });
    for (let version = 1; version <= 40; version += 1)
      await change(user, 'session.progressed', 's-7', {
        version,
        state: 'OPEN',
        analysedEpochs: version,
      });
    // Passes started (each begins with the fan-out), however long a busy machine makes them.
    const passes = jest.spyOn(
      gw.app.get(WebhookDispatcherJob) as unknown as { fanOut: (now: Date) => Promise<void> },
      'fanOut',
    );
    await admin.webhooks.endpoints.update.mutate({ endpointId, enabled: true });
    await until(() => receiver.of(user).length === 40);
    // 40 messages of one user, in order, in a few passes: one message per pass would take 40.
    expect(passes.mock.calls.length).toBeLessThan(20);
    passes.mockRestore();
    expect(receiver.of(user).map((r) => r.payload.data.data.version)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
  }, 40_000);

  it('keeps settled deliveries for the retention, pending ones whatever their age', async () => {
    const user = await newUser();
    const { endpoint } = await admin.webhooks.endpoints.create.mutate({
      url: receiver.url,
      eventTypes: ['session.progressed', 'session.completed'],
    });
    await change(user, 'session.progressed', 's-6', {
      version: 1,
      state: 'OPEN',
      analysedEpochs: 1,
    });
    await until(() => receiver.of(user).length === 1);
    receiver.state.status = 500;
    await change(user, 'session.completed', 's-6', { version: 2, state: 'COMPLETE' });
    await until(() => receiver.of(user).length >= 2);
    const db = new Client({ connectionString: gw.database.url });
    await db.connect();
    try {
      await db.query(
        `update gateway.webhook_deliveries set occurred_at = now() - interval '40 days' where endpoint_id = $1`,
        [endpoint.id],
      );
    } finally {
      await db.end();
    }
    const removed = await gw.app
      .get(WebhookOutboxRepository)
      .sweep(new Date(Date.now() - 30 * 86_400_000));
    expect(removed).toBeGreaterThanOrEqual(1);
    const { deliveries } = await admin.webhooks.deliveries.list.query({ endpointId: endpoint.id });
    expect(deliveries.map((d) => [d.type, d.status])).toEqual([['session.completed', 'pending']]);
  }, 30_000);

  it('sends each delivery once, in order per user, with two replicas on one database', async () => {
    const replica = await startGateway(SHORT_WEBHOOK_CLOCK, { database: gw.database });
    try {
      const users = [await newUser(), await newUser(), await newUser()];
      const { endpoint } = await admin.webhooks.endpoints.create.mutate({
        url: receiver.url,
        eventTypes: ['session.progressed'],
      });
      for (let version = 1; version <= 6; version += 1)
        for (const user of users)
          await change(user, 'session.progressed', `s-${user}`, {
            version,
            state: 'OPEN',
            analysedEpochs: version,
          });
      const mine = () => receiver.received.filter((r) => users.includes(r.payload.data.userId));
      await until(() => mine().length >= 18);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(mine()).toHaveLength(18);
      expect(new Set(mine().map((r) => r.headers['webhook-id'])).size).toBe(18);
      for (const user of users)
        expect(receiver.of(user).map((r) => r.payload.data.data.version)).toEqual([
          1, 2, 3, 4, 5, 6,
        ]);
      const { deliveries } = await admin.webhooks.deliveries.list.query({
        endpointId: endpoint.id,
      });
      expect(deliveries.every((d) => d.status === 'delivered' && d.attempts.length === 1)).toBe(
        true,
      );
    } finally {
      await replica.stop();
    }
  }, 60_000);

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
    const restarted = await startGateway(SHORT_WEBHOOK_CLOCK, { database: gw.database });
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
