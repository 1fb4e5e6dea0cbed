import { randomBytes } from 'node:crypto';
import { type RedisServer, startRedisServer } from '@sleep/testkit';
import Redis from 'ioredis';
import { RedisRateLimiter, type RedisRateLimiterOptions } from './redis-rate-limiter';

const rules = (user: string) => [
  { key: `p:acme:${user}`, limit: 4, windowMs: 60_000 },
  { key: 't:acme', limit: 6, windowMs: 60_000 },
];

describe('RedisRateLimiter', () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  let clock = 60_000 * 1_000 + 15_000;
  const now = () => clock;
  const replica = (options: RedisRateLimiterOptions = {}) => {
    // As the gateway connects: fail fast rather than queue while Redis is away. A command that
    // times out counts locally, so the timeout is long enough for a busy machine: a stopped
    // server fails calls at once anyway, as the offline queue is off.
    const redis = new Redis(server.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 5_000,
      retryStrategy: () => 50,
    });
    redis.on('error', () => undefined);
    clients.push(redis);
    const prefix = `test:${randomBytes(4).toString('hex')}:`;
    return { redis, limiter: new RedisRateLimiter(redis, { prefix, now, ...options }) };
  };
  const allowed = async (limiter: RedisRateLimiter, user: string, times: number) => {
    let count = 0;
    for (let i = 0; i < times; i++) if ((await limiter.consume(rules(user))).allowed) count++;
    return count;
  };
  const connected = async (redis: Redis) => {
    while (redis.status !== 'ready') await new Promise((resolve) => setTimeout(resolve, 20));
  };

  beforeAll(async () => {
    server = await startRedisServer();
  }, 120_000);
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server.stop();
  });

  it('counts one window across replicas, only the calls it admits, and says how long to wait', async () => {
    const prefix = `test:${randomBytes(4).toString('hex')}:`;
    const [a, b] = [replica(), replica()].map(
      ({ redis }) => new RedisRateLimiter(redis, { prefix, now }),
    );
    await Promise.all(clients.map(connected));
    const greedy = [];
    for (let i = 0; i < 10; i++)
      greedy.push((await [a, b][i % 2].consume(rules('greedy'))).allowed);
    expect(greedy.filter(Boolean)).toHaveLength(4);
    // Six refusals spent nothing of the tenant's six: two remain for everyone else.
    expect(await allowed(b, 'alice', 1)).toBe(1);
    expect(await allowed(a, 'bob', 1)).toBe(1);
    expect(await a.consume(rules('carol'))).toEqual({
      allowed: false,
      retryAfterMs: 45_000,
      rule: 't:acme',
    });
  });

  it('fails to a per-replica share of each limit while Redis is down, and shares again once it is back', async () => {
    const changes: boolean[] = [];
    const prefix = `test:${randomBytes(4).toString('hex')}:`;
    const { redis, limiter } = replica({
      prefix,
      localShare: 1 / 2,
      retryAfterFailureMs: 100,
      onSharedChange: (shared) => changes.push(shared),
    });
    await connected(redis);
    expect(await allowed(limiter, 'dora', 1)).toBe(1);
    await server.stop();
    // Not open: half of the user's 4 on this replica, then refused.
    expect(await allowed(limiter, 'erin', 5)).toBe(2);
    expect(limiter.isShared).toBe(false);
    expect(changes).toEqual([false]);

    await server.start();
    await connected(redis);
    clock += 200;
    expect(await allowed(limiter, 'frank', 1)).toBe(1);
    expect(limiter.isShared).toBe(true);
    expect(changes).toEqual([false, true]);
    // Shared again: another replica sees what this one counted (a fresh Redis, so from zero).
    const other = new RedisRateLimiter(redis, { prefix, now });
    expect(await allowed(other, 'frank', 5)).toBe(3);
  }, 60_000);
});
