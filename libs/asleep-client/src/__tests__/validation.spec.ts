import type { AsleepClient } from '../asleep-client';
import { failure, type SimFixture, startSimFixture } from './support/sim';

type BadCall = [
  name: string,
  call: (client: AsleepClient, userId: string) => Promise<unknown>,
  path: string,
];

const bad = (value: unknown) => value as never;

/** Each call breaks one rule of the contract; none may reach the upstream. */
const BAD_CALLS: BadCall[] = [
  [
    'birth month out of range',
    (c) => c.createUser({ metadata: { birth_month: 13 } }),
    'metadata.birth_month',
  ],
  [
    'unknown gender',
    (c) => c.createUser({ metadata: { gender: bad('robot') } }),
    'metadata.gender',
  ],
  [
    'height with two decimals',
    (c) => c.createUser({ metadata: { height: 170.55 } }),
    'metadata.height',
  ],
  [
    '29 February of a common year',
    (c) => c.createUser({ metadata: { birth_year: 2001, birth_month: 2, birth_day: 29 } }),
    'metadata.birth_day',
  ],
  [
    'birth year in the future',
    (c) => c.createUser({ metadata: { birth_year: 3000 } }),
    'metadata.birth_year',
  ],
  ['update without metadata', (c, u) => c.updateUser(u, bad({})), 'metadata'],
  ['empty user id', (c) => c.getUser(''), 'userId'],
  ['user id with a newline', (c) => c.deleteUser('G-1\nx-api-key: other'), 'userId'],
  ['empty session id', (c, u) => c.getSession(u, ''), 'sessionId'],
  ['unknown zone', (c, u) => c.getSession(u, 's1', { timezone: 'Mars/Olympus' }), 'timezone'],
  ['offset instead of a zone', (c, u) => c.listSessions(u, { timezone: '+09:00' }), 'timezone'],
  ['limit above 100', (c, u) => c.listSessions(u, { limit: 101 }), 'limit'],
  ['negative limit', (c, u) => c.listSessions(u, { limit: -1 }), 'limit'],
  ['negative offset', (c, u) => c.listSessions(u, { offset: -20 }), 'offset'],
  ['impossible date', (c, u) => c.listSessions(u, { dateGte: '2025-02-30' }), 'dateGte'],
  [
    'dates in the wrong order',
    (c, u) => c.listSessions(u, { dateGte: '2025-03-02', dateLte: '2025-03-01' }),
    'dateLte',
  ],
  ['unknown order', (c, u) => c.listSessions(u, { orderBy: bad('UP') }), 'orderBy'],
  [
    'window of 101 days',
    (c, u) => c.getAverageStats(u, { startDate: '2025-01-01', endDate: '2025-04-11' }),
    'endDate',
  ],
  [
    'date with slashes',
    (c, u) => c.getAverageStats(u, { startDate: '2025/01/01', endDate: '2025-01-31' }),
    'startDate',
  ],
  ['missing end date', (c, u) => c.getAverageStats(u, bad({ startDate: '2025-01-01' })), 'endDate'],
];

describe('input validation before any request', () => {
  let fx: SimFixture;
  let userId: string;
  beforeAll(async () => {
    fx = await startSimFixture();
    userId = fx.sim.createUserWithNights({ nights: 1 }).userId;
  });
  afterAll(() => fx.stop());

  it.each(BAD_CALLS)('rejects %s without calling Asleep', async (_name, call, path) => {
    const client = fx.client();
    const before = fx.sim.requests.count();
    const error = await failure(call(client, userId));
    expect(error).toMatchObject({
      kind: 'invalid_request',
      source: 'client',
      attempts: 0,
      status: undefined,
    });
    expect(error.kind === 'invalid_request' && error.issues.map((issue) => issue.path)).toContain(
      path,
    );
    expect(fx.sim.requests.count()).toBe(before);
  });

  it('accepts the edges of every range', async () => {
    const client = fx.client();
    await expect(
      client.listSessions(userId, { limit: 100, offset: 0, timezone: 'US/Pacific' }),
    ).resolves.toBeDefined();
    await expect(client.listSessions(userId, { limit: 0 })).resolves.toEqual({
      timezone: 'UTC',
      sleep_session_list: [],
    });
    await expect(
      client.getAverageStats(userId, { startDate: '2025-01-01', endDate: '2025-04-10' }),
    ).resolves.toBeDefined();
    await expect(
      client.createUser({
        metadata: { birth_year: 2000, birth_month: 2, birth_day: 29, height: 0, weight: 1000 },
      }),
    ).resolves.toBeDefined();
  });

  it('checks the page size of iterateSessions before the first page is asked for', () => {
    const client = fx.client();
    const before = fx.sim.requests.count();
    expect(() => client.iterateSessions(userId, { pageSize: 0 })).toThrow(
      expect.objectContaining({ kind: 'invalid_request' }),
    );
    expect(() => client.iterateSessions(userId, { pageSize: 101 })).toThrow(
      expect.objectContaining({ kind: 'invalid_request' }),
    );
    expect(() => client.iterateSessions(userId, { timezone: 'nowhere' })).toThrow(
      expect.objectContaining({ kind: 'invalid_request' }),
    );
    expect(fx.sim.requests.count()).toBe(before);
  });
});
