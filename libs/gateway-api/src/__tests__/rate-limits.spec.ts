import { startAsleepSim, type AsleepSim } from '@sleep/asleep-sim';
import { TRPCError } from '@trpc/server';
import type { Principal } from '../auth/principal';
import { InMemoryRateLimiter } from '../services/in-memory-rate-limiter';
import { createTestGateway, type TestGateway } from '../testing';

const KEY = 'sk-limits-0123456789abcdef';
const member = (appUserId: string): Principal => ({ tenantId: 'acme', appUserId, role: 'member' });

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe('InMemoryRateLimiter', () => {
  it('counts a call only where every rule admits it', async () => {
    const limiter = new InMemoryRateLimiter(() => 1_000);
    const rules = (user: string) => [
      { key: `p:${user}`, limit: 2, windowMs: 60_000 },
      { key: 't', limit: 4, windowMs: 60_000 },
    ];
    const greedy = [];
    for (let i = 0; i < 10; i++) greedy.push((await limiter.consume(rules('greedy'))).allowed);
    expect(greedy.filter(Boolean)).toHaveLength(2);
    // Eight refusals spent nothing of the tenant's four: two are left for the others.
    expect((await limiter.consume(rules('a'))).allowed).toBe(true);
    expect((await limiter.consume(rules('b'))).allowed).toBe(true);
    expect(await limiter.consume(rules('c'))).toEqual({
      allowed: false,
      retryAfterMs: 60_000,
      rule: 't',
    });
  });
});

describe('limits of the procedures', () => {
  let sim: AsleepSim;
  let gateway: TestGateway;
  beforeAll(async () => {
    sim = await startAsleepSim({ apiKeys: [KEY], seed: 5 });
    // The simulator's first answer can take longer than the test client's timeout on a busy machine.
    await fetch(`${sim.url}/ai/v1/users`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: '{}',
    });
  });
  beforeEach(async () => {
    gateway = createTestGateway(sim.url, {
      rateLimits: { principalPerMinute: 5, tenantPerMinute: 12, asleepPerMinute: 3 },
    });
    await gateway.tenants.create({
      id: 'acme',
      name: 'Acme',
      defaultTimezone: 'UTC',
      asleepApiKey: KEY,
    });
  });
  afterEach(() => gateway.close());
  afterAll(() => sim.stop());

  it('one member past their limit leaves the tenant’s budget to everyone else', async () => {
    const greedy = gateway.caller(member('greedy'));
    const codes = [];
    for (let i = 0; i < 40; i++) codes.push(await codeOf(greedy.me()));
    expect(codes.filter((code) => code === 'OK')).toHaveLength(5);
    expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(35);
    for (const name of ['a', 'b'])
      for (let i = 0; i < 3; i++)
        expect(await codeOf(gateway.caller(member(name)).me())).toBe('OK');
    expect(gateway.limitEvents.refusals).toEqual(Array(35).fill('user_rate'));
  });

  it('asks Asleep for an unknown session id once, then answers NOT_FOUND itself', async () => {
    const alice = gateway.caller(member('alice'));
    await alice.users.create({});
    const asked = sim.requests.count();
    for (let i = 0; i < 4; i++)
      expect(await codeOf(alice.sessions.get({ sessionId: '20250101000000_nosuch' }))).toBe(
        'NOT_FOUND',
      );
    expect(sim.requests.count() - asked).toBe(1);
  });

  it('caps the Asleep look-ups of a tenant: made-up ids cannot spend its quota', async () => {
    const alice = gateway.caller(member('alice'));
    await alice.users.create({});
    const asked = sim.requests.count();
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push(await codeOf(alice.sessions.get({ sessionId: `20250101000000_made${i}` })));
    expect(codes).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'TOO_MANY_REQUESTS']);
    expect(sim.requests.count() - asked).toBe(3);
    // The budget is the tenant's: another member of it is refused too.
    const bob = gateway.caller(member('bob'));
    await bob.users.create({});
    expect(await codeOf(bob.sessions.get({ sessionId: '20250101000000_other' }))).toBe(
      'TOO_MANY_REQUESTS',
    );
    expect(gateway.limitEvents.refusals).toEqual(['asleep_budget', 'asleep_budget']);
  });
});
