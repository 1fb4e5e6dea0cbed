import { startAsleepSim, type AsleepSim } from '@sleep/asleep-sim';
import { TRPCError } from '@trpc/server';
import type { Principal } from '../auth/principal';
import { createTestGateway, type TestGateway } from '../testing';

const KEY = 'sk-acme-webhooks-0123456789';
const adam: Principal = { tenantId: 'acme', appUserId: 'adam', role: 'admin' };
const HOOK = 'https://hooks.acme.example/sleep';

describe('webhooks procedures', () => {
  let sim: AsleepSim;
  let gateway: TestGateway;
  beforeAll(async () => {
    sim = await startAsleepSim({ apiKeys: [KEY], seed: 3 });
    gateway = createTestGateway(sim.url);
    await gateway.tenants.create({
      id: 'acme',
      name: 'Acme',
      defaultTimezone: 'UTC',
      asleepApiKey: KEY,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await sim?.stop();
  });

  const refusal = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TRPCError);
    return error as TRPCError;
  };

  it('registers an endpoint, shows its secret once, and audits it without the secret', async () => {
    const admin = gateway.caller(adam);
    const { endpoint, secret } = await admin.webhooks.endpoints.create({
      url: HOOK,
      eventTypes: ['session.completed', 'session.deleted'],
      description: 'our backend',
    });
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({ url: HOOK, status: 'enabled', disabledReason: null });
    expect(JSON.stringify(await admin.webhooks.endpoints.list())).not.toContain(secret);
    const entry = gateway.audit.entries.find((e) => e.action === 'webhook.endpoint.create');
    expect(entry).toMatchObject({ tenantId: 'acme', target: { id: endpoint.id } });
    expect(JSON.stringify(gateway.audit.entries)).not.toContain(secret);
  });

  it('answers bad targets and unknown event types clearly', async () => {
    const admin = gateway.caller(adam);
    const create = (url: string, eventTypes = ['session.completed']) =>
      admin.webhooks.endpoints.create({ url, eventTypes: eventTypes as ['session.completed'] });
    expect((await refusal(create('not a url'))).message).toMatch(/valid absolute URL/);
    expect((await refusal(create('http://hooks.acme.example/sleep'))).message).toMatch(/https/);
    expect((await refusal(create('https://10.0.0.7/hook'))).message).toMatch(/private/);
    expect((await refusal(create('https://169.254.169.254/'))).code).toBe('BAD_REQUEST');
    const unknown = await refusal(create(HOOK, ['session.exploded']));
    expect(unknown.code).toBe('BAD_REQUEST');
    expect((await refusal(create(HOOK, ['session.completed', 'session.completed']))).code).toBe(
      'BAD_REQUEST',
    );
    expect((await refusal(create(HOOK, []))).code).toBe('BAD_REQUEST');
  });

  it('rotates a secret: a new one, the old one signing until the grace period ends', async () => {
    const admin = gateway.caller(adam);
    const { endpoint, secret } = await admin.webhooks.endpoints.create({
      url: HOOK,
      eventTypes: ['report.created'],
    });
    const rotated = await admin.webhooks.endpoints.rotateSecret({ endpointId: endpoint.id });
    expect(rotated.secret).not.toBe(secret);
    const until = Date.parse(rotated.endpoint.previousSecretExpiresAt!);
    expect(until - Date.now()).toBeGreaterThan(86_000_000);
    expect(gateway.audit.entries.map((e) => e.action)).toContain('webhook.endpoint.rotate');
  });

  it('disables, enables, changes and deletes; refuses an empty change', async () => {
    const admin = gateway.caller(adam);
    const { endpoint } = await admin.webhooks.endpoints.create({
      url: HOOK,
      eventTypes: ['insight.created'],
    });
    const endpointId = endpoint.id;
    expect(await admin.webhooks.endpoints.update({ endpointId, enabled: false })).toMatchObject({
      status: 'disabled',
      disabledReason: 'manual',
    });
    expect(await admin.webhooks.endpoints.update({ endpointId, enabled: true })).toMatchObject({
      status: 'enabled',
    });
    expect((await refusal(admin.webhooks.endpoints.update({ endpointId }))).code).toBe(
      'BAD_REQUEST',
    );
    expect(
      (await refusal(admin.webhooks.endpoints.update({ endpointId, url: 'https://127.0.0.1/' })))
        .code,
    ).toBe('BAD_REQUEST');
    await admin.webhooks.endpoints.delete({ endpointId });
    expect((await refusal(admin.webhooks.endpoints.get({ endpointId }))).code).toBe('NOT_FOUND');
    expect(gateway.audit.entries.map((e) => e.action)).toContain('webhook.endpoint.delete');
  });

  it('replays by id or by range, never both or neither, and audits it', async () => {
    const admin = gateway.caller(adam);
    const { endpoint } = await admin.webhooks.endpoints.create({
      url: HOOK,
      eventTypes: ['user.deleted'],
    });
    const endpointId = endpoint.id;
    const range = { from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z' };
    expect(await admin.webhooks.replay({ endpointId, ...range })).toEqual({ replayed: 0 });
    expect((await refusal(admin.webhooks.replay({ endpointId }))).code).toBe('BAD_REQUEST');
    expect(
      (
        await refusal(
          admin.webhooks.replay({ endpointId, deliveryId: 'msg_0123456789abcdef', ...range }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    expect(
      (await refusal(admin.webhooks.replay({ endpointId, from: range.to, to: range.from }))).code,
    ).toBe('BAD_REQUEST');
    expect(
      (await refusal(admin.webhooks.replay({ endpointId, deliveryId: 'msg_0123456789abcdef' })))
        .code,
    ).toBe('NOT_FOUND');
    expect(
      gateway.audit.entries.filter((e) => e.action === 'webhook.replay').length,
    ).toBeGreaterThan(0);
  });

  it('caps the endpoints of a tenant', async () => {
    const admin = gateway.caller(adam);
    const { endpoints } = await admin.webhooks.endpoints.list();
    for (let i = endpoints.length; i < 20; i += 1)
      await admin.webhooks.endpoints.create({ url: HOOK, eventTypes: ['session.completed'] });
    const refused = await refusal(
      admin.webhooks.endpoints.create({ url: HOOK, eventTypes: ['session.completed'] }),
    );
    expect(refused).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/at most 20/),
    });
  });

  it('is for tenant admins only', async () => {
    for (const role of ['member', 'analyst'] as const) {
      const caller = gateway.caller({ tenantId: 'acme', appUserId: 'mo', role });
      expect((await refusal(caller.webhooks.endpoints.list())).code).toBe('FORBIDDEN');
    }
  });
});
