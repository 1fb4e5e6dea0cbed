// Test-only entry: quick client options and a logger that records what it was told.
import type { AsleepClientLogger, AsleepClientOptions } from './options';

/** Options for tests: short timeouts and backoff, a breaker that needs a real outage to open. */
export function testAsleepClientOptions(
  baseUrl: string,
  apiKey: string,
  overrides: Partial<AsleepClientOptions> = {},
): AsleepClientOptions {
  return {
    baseUrl,
    apiKey,
    ...overrides,
    timeouts: { requestMs: 500, totalMs: 2_000, connectMs: 500, ...overrides.timeouts },
    retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20, ...overrides.retry },
    breaker: {
      errorThresholdPercentage: 50,
      rollingCountTimeoutMs: 10_000,
      volumeThreshold: 20,
      resetTimeoutMs: 200,
      ...overrides.breaker,
    },
  };
}

export interface RecordedLog {
  level: 'debug' | 'info' | 'warn';
  fields: object;
  message: string;
}

/** A logger that keeps every line, to assert on what was (or was not) logged. */
export function recordingLogger(): AsleepClientLogger & { lines: RecordedLog[] } {
  const lines: RecordedLog[] = [];
  const at = (level: RecordedLog['level']) => (fields: object, message: string) => {
    lines.push({ level, fields, message });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn') };
}
