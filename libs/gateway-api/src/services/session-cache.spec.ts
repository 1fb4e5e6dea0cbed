import type { SleepData } from '@sleep/contracts';
import { sampleGetSessionSeoul } from '@sleep/contracts/testing';
import { SessionCache } from './session-cache';

const night = (state = 'COMPLETE'): SleepData => {
  const data = structuredClone(sampleGetSessionSeoul.result) as SleepData;
  return { ...data, session: { ...data.session, state } } as SleepData;
};
const ref = { tenantId: 'acme', asleepUserId: 'G-bob', sessionId: 's1' };
const utc = { ...ref, timezone: 'UTC' };

describe('SessionCache: nights as published', () => {
  let clock: number;
  let cache: SessionCache;
  beforeEach(() => {
    clock = 0;
    cache = new SessionCache({ publishedTtlMs: 1_000, deletionMemoryMs: 5_000, now: () => clock });
  });

  it('answers a read in UTC (the zone events render in), not in another zone or for another user', () => {
    const published = night();
    expect(cache.offerPublished(ref, published)).toBe(true);
    expect(cache.get(utc)).toBe(published);
    expect(cache.get({ ...utc, timezone: 'Asia/Seoul' })).toBeUndefined();
    expect(cache.get({ ...utc, asleepUserId: 'G-eve' })).toBeUndefined();
    expect(cache.get({ ...utc, tenantId: 'other' })).toBeUndefined();
  });

  it('keeps complete nights only, for a while', () => {
    expect(cache.offerPublished(ref, night('OPEN'))).toBe(false);
    expect(cache.get(utc)).toBeUndefined();
    cache.offerPublished(ref, night());
    clock = 1_001;
    expect(cache.get(utc)).toBeUndefined();
  });

  it('drops a published night when its session or user is deleted', () => {
    cache.offerPublished(ref, night());
    cache.forgetSession(ref.tenantId, ref.asleepUserId, ref.sessionId);
    expect(cache.get(utc)).toBeUndefined();
    cache.offerPublished({ ...ref, sessionId: 's2' }, night());
    cache.forgetUser(ref.tenantId, ref.asleepUserId);
    expect(cache.get({ ...utc, sessionId: 's2' })).toBeUndefined();
  });

  it('does not keep a night published before its deletion but handled after it', () => {
    cache.forgetSession(ref.tenantId, ref.asleepUserId, ref.sessionId);
    expect(cache.offerPublished(ref, night())).toBe(false);
    cache.forgetUser(ref.tenantId, 'G-eve');
    expect(cache.offerPublished({ ...ref, asleepUserId: 'G-eve' }, night())).toBe(false);
    expect(cache.get(utc)).toBeUndefined();
    // Another session of the same user is not covered by the session's deletion.
    expect(cache.offerPublished({ ...ref, sessionId: 's2' }, night())).toBe(true);
    clock = 5_001;
    expect(cache.offerPublished(ref, night())).toBe(true);
  });

  it('holds a bounded number of published nights', () => {
    const small = new SessionCache({ maxPublished: 2 });
    for (const sessionId of ['a', 'b', 'c']) small.offerPublished({ ...ref, sessionId }, night());
    expect(small.size).toBe(2);
    expect(small.get({ ...utc, sessionId: 'a' })).toBeUndefined();
    expect(small.get({ ...utc, sessionId: 'c' })).toBeDefined();
  });
});
