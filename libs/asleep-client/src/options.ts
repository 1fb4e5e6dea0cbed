import type { Registry } from 'prom-client';
import { z } from 'zod';

/** Structural subset of a pino logger, so a pino or nestjs-pino instance fits as-is. */
export interface AsleepClientLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

const ms = (fallback: number) => z.number().int().positive().default(fallback);

export const TimeoutOptionsSchema = z
  .object({
    /** One attempt, from sending to the last body byte. */
    requestMs: ms(5_000),
    /** A whole call, all attempts and backoff included. */
    totalMs: ms(15_000),
    connectMs: ms(2_000),
  })
  .default({ requestMs: 5_000, totalMs: 15_000, connectMs: 2_000 });

export const RetryOptionsSchema = z
  .object({
    /** Retries after the first attempt; 0 disables retrying. */
    maxRetries: z.number().int().min(0).max(10).default(3),
    baseDelayMs: ms(100),
    maxDelayMs: ms(2_000),
  })
  .default({ maxRetries: 3, baseDelayMs: 100, maxDelayMs: 2_000 });

export const BreakerOptionsSchema = z
  .object({
    /** Failure share (%) in the rolling window above which the breaker opens. */
    errorThresholdPercentage: z.number().min(1).max(100).default(50),
    rollingCountTimeoutMs: ms(10_000),
    rollingCountBuckets: z.number().int().positive().default(10),
    /** Calls in the window before the share is judged at all. */
    volumeThreshold: z.number().int().min(0).default(10),
    /** Time open before one probe is let through (half-open). */
    resetTimeoutMs: ms(30_000),
  })
  .default({
    errorThresholdPercentage: 50,
    rollingCountTimeoutMs: 10_000,
    rollingCountBuckets: 10,
    volumeThreshold: 10,
    resetTimeoutMs: 30_000,
  });

export const PoolOptionsSchema = z
  .object({
    connections: z.number().int().positive().default(16),
    keepAliveTimeoutMs: ms(4_000),
    maxResponseBytes: ms(8 * 1024 * 1024),
  })
  .default({ connections: 16, keepAliveTimeoutMs: 4_000, maxResponseBytes: 8 * 1024 * 1024 });

const ConfigSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.asleep.ai'),
  apiKey: z.string().min(1, 'apiKey must not be empty'),
  timeouts: TimeoutOptionsSchema,
  retry: RetryOptionsSchema,
  breaker: BreakerOptionsSchema,
  pool: PoolOptionsSchema,
});

export type AsleepClientConfig = z.output<typeof ConfigSchema>;

export interface AsleepClientOptions extends z.input<typeof ConfigSchema> {
  /** Where the client registers its metrics; by default a registry of its own (`client.registry`). */
  registry?: Registry;
  logger?: AsleepClientLogger;
  /** Jitter source, for deterministic tests. */
  random?: () => number;
}

/** Validates options once; the message names the bad field and never echoes a value. */
export function resolveConfig(options: AsleepClientOptions): AsleepClientConfig {
  const parsed = ConfigSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new TypeError(`Invalid AsleepClient options: ${fields.join('; ')}`);
}

const noop = () => undefined;
export const silentLogger: AsleepClientLogger = { debug: noop, info: noop, warn: noop };
