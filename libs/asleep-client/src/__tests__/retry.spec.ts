import { AsleepForbiddenError, AsleepRateLimitedError, AsleepUnavailableError } from '../errors';
import { backoffDelay, retryReason } from '../retry';

const retry = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('backoffDelay (full jitter)', () => {
  it('draws from [0, base * 2^n) and never beyond the cap', () => {
    expect(backoffDelay(retry, 0, () => 0)).toBe(0);
    expect(backoffDelay(retry, 0, () => 0.999)).toBe(99);
    expect(backoffDelay(retry, 2, () => 0.5)).toBe(200);
    expect(backoffDelay(retry, 10, () => 0.999)).toBe(999);
  });

  it('spreads delays across the whole window', () => {
    const delays = Array.from({ length: 1_000 }, () => backoffDelay(retry, 3));
    expect(Math.min(...delays)).toBeLessThan(100);
    expect(Math.max(...delays)).toBeGreaterThan(700);
    expect(Math.max(...delays)).toBeLessThan(800);
  });
});

describe('retryReason', () => {
  const operation = 'getUser' as const;
  it('retries rate limits, 5xx, timeouts and network errors', () => {
    expect(retryReason(new AsleepRateLimitedError({ operation, status: 403 }))).toBe(
      'rate_limited',
    );
    expect(
      retryReason(new AsleepUnavailableError({ operation, reason: 'server_error', status: 502 })),
    ).toBe('server_error');
    expect(retryReason(new AsleepUnavailableError({ operation, reason: 'timeout' }))).toBe(
      'timeout',
    );
    expect(retryReason(new AsleepUnavailableError({ operation, reason: 'network' }))).toBe(
      'network',
    );
  });

  it('stops at once on an open breaker or a terminal 403', () => {
    expect(
      retryReason(new AsleepUnavailableError({ operation, reason: 'breaker_open' })),
    ).toBeUndefined();
    expect(
      retryReason(new AsleepForbiddenError({ operation, status: 403, detail: 'Quota exceeded' })),
    ).toBeUndefined();
  });
});
