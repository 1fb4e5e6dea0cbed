import { SESSION_COMPLETED, SESSION_DELETED, type SessionEvent } from '@sleep/contracts';
import { sampleGetSessionSeoul } from '@sleep/contracts/testing';
import { SessionCache } from '@sleep/gateway-api';
import { keepPublishedNights } from './published-nights';

const envelope = { tenantId: 'acme', key: 'G-bob', occurredAt: '2025-03-10T08:00:00.000Z' };
const completed = (sessionId: string, version: number) =>
  ({
    ...envelope,
    eventId: `${sessionId}@${version}`,
    type: SESSION_COMPLETED,
    version: 1,
    payload: {
      userId: 'G-bob',
      sessionId,
      version,
      sleepData: structuredClone(sampleGetSessionSeoul.result),
    },
  }) as SessionEvent;
const deleted = (sessionId: string, version: number) =>
  ({
    ...envelope,
    eventId: `${sessionId}@${version}`,
    type: SESSION_DELETED,
    version: 1,
    payload: { userId: 'G-bob', sessionId, version, reason: 'session-deleted' },
  }) as SessionEvent;
const key = (sessionId: string) => ({
  tenantId: 'acme',
  asleepUserId: 'G-bob',
  sessionId,
  timezone: 'UTC',
});

describe('keepPublishedNights', () => {
  it('keeps completed nights and drops deleted ones, in the events\u2019 order', () => {
    const cache = new SessionCache();
    const events = [completed('s1', 3), completed('s2', 2), deleted('s2', 3)];
    keepPublishedNights(cache, events);
    expect(cache.get(key('s1'))).toBe(
      (events[0] as Extract<SessionEvent, { type: typeof SESSION_COMPLETED }>).payload.sleepData,
    );
    expect(cache.get(key('s2'))).toBeUndefined();
    // A redelivery of the batch does not bring the deleted night back.
    keepPublishedNights(cache, events);
    expect(cache.get(key('s2'))).toBeUndefined();
  });
});
