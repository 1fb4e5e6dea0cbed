import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RedisRateLimiter } from './redis-rate-limiter';

const url = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe('RedisRateLimiter', () => {
  let redis: Redis;
  let available = true;
  beforeAll(async () => {
    redis = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    });
    await redis.connect().catch(() => (available = false));
  });
  afterAll(() => redis.quit().catch(() => undefined));

  it('counts one window across instances and refuses with the time left in it', async () => {
    if (!available) return console.warn('Redis not reachable; skipped');
    const now = 60_000 * 1_000 + 15_000;
    const prefix = `test:${randomBytes(4).toString('hex')}:`;
    const replicas = [
      new RedisRateLimiter(redis, { prefix, now: () => now }),
      new RedisRateLimiter(redis, { prefix, now: () => now }),
    ];
    const rules = [
      { key: 'p:acme:alice', limit: 3, windowMs: 60_000 },
      { key: 't:acme', limit: 100, windowMs: 60_000 },
    ];
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await replicas[i % 2].consume(rules));
    expect(decisions.slice(0, 3).every((d) => d.allowed)).toBe(true);
    expect(decisions[3]).toEqual({ allowed: false, retryAfterMs: 45_000, rule: 'p:acme:alice' });
    const ttl = await redis.pttl(`${prefix}p:acme:alice:1000`);
    expect(ttl).toBeGreaterThan(0);
  });

  it('lets requests through when Redis fails', async () => {
    const broken = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    const errors: unknown[] = [];
    const limiter = new RedisRateLimiter(broken, { onError: (error) => errors.push(error) });
    expect(await limiter.consume([{ key: 'x', limit: 1, windowMs: 1_000 }])).toEqual({
      allowed: true,
    });
    expect(errors).toHaveLength(1);
    broken.disconnect();
  });
});
