import {
  DEFAULT_AUTO_DISABLE,
  DEFAULT_RETRY_SCHEDULE,
  nextAttemptAt,
  orderingKeyOf,
  shouldAutoDisable,
} from '../index';

const HOUR = 3_600_000;

describe('retry schedule', () => {
  const start = new Date('2026-12-01T00:00:00Z');

  it('backs off exponentially with jitter within [ceiling/2, ceiling]', () => {
    const delays = [1, 2, 3, 4].map((failures) => ({
      low:
        nextAttemptAt(DEFAULT_RETRY_SCHEDULE, failures, start, start, () => 0)!.getTime() -
        start.getTime(),
      high:
        nextAttemptAt(DEFAULT_RETRY_SCHEDULE, failures, start, start, () => 1)!.getTime() -
        start.getTime(),
    }));
    expect(delays.map((d) => d.high)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(delays.map((d) => d.low)).toEqual([15_000, 30_000, 60_000, 120_000]);
  });

  it('never waits longer than the cap', () => {
    const at = nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 30, start, start, () => 1)!;
    expect(at.getTime() - start.getTime()).toBe(4 * HOUR);
  });

  it('keeps retrying for up to 3 days, then gives up', () => {
    let now = start;
    let failures = 0;
    for (;;) {
      failures += 1;
      const next = nextAttemptAt(DEFAULT_RETRY_SCHEDULE, failures, start, now, () => 0.5);
      if (!next) break;
      now = next;
    }
    expect(now.getTime() - start.getTime()).toBeLessThanOrEqual(72 * HOUR);
    expect(now.getTime() - start.getTime()).toBeGreaterThan(66 * HOUR);
    expect(failures).toBeGreaterThan(15);
  });
});

describe('ordering keys', () => {
  it("keeps a user's nights and their deletion in order, lets reports and insights go free", () => {
    for (const type of [
      'session.progressed',
      'session.completed',
      'session.deleted',
      'user.deleted',
    ])
      expect(orderingKeyOf({ type, userId: 'u1' })).toBe('user:u1');
    expect(orderingKeyOf({ type: 'report.created', userId: 'u1' })).toBeNull();
    expect(orderingKeyOf({ type: 'insight.created', userId: 'u1' })).toBeNull();
  });
});

describe('auto-disable', () => {
  const now = new Date('2026-12-02T00:00:00Z');
  it('disables only after sustained failure: long enough and often enough', () => {
    const since = new Date(now.getTime() - 25 * HOUR);
    expect(
      shouldAutoDisable(
        DEFAULT_AUTO_DISABLE,
        { consecutiveFailures: 12, failingSince: since },
        now,
      ),
    ).toBe(true);
    expect(
      shouldAutoDisable(DEFAULT_AUTO_DISABLE, { consecutiveFailures: 3, failingSince: since }, now),
    ).toBe(false);
    expect(
      shouldAutoDisable(
        DEFAULT_AUTO_DISABLE,
        { consecutiveFailures: 50, failingSince: new Date(now.getTime() - HOUR) },
        now,
      ),
    ).toBe(false);
    expect(
      shouldAutoDisable(DEFAULT_AUTO_DISABLE, { consecutiveFailures: 0, failingSince: null }, now),
    ).toBe(false);
  });
});
