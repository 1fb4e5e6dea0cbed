import { z } from 'zod';

const share = z.number().min(0).max(1);

/**
 * Every fault knob; an absent (or null) knob is off. `routes` narrows all knobs to some route
 * keys (`GET /data/v3/sessions/:session_id`, see `ROUTES`); absent means every Asleep route.
 */
export const FaultConfigSchema = z.strictObject({
  routes: z.array(z.string()).nullish(),
  /** Added to every request before it is served. */
  latency: z
    .strictObject({ fixedMs: z.number().min(0).default(0), jitterMs: z.number().min(0).default(0) })
    .nullish(),
  /** Share of requests answered with each status, e.g. `{ "500": 0.1, "503": 0.05 }`. */
  errorRates: z.record(z.string().regex(/^[45]\d\d$/, 'a 4xx or 5xx status'), share).nullish(),
  /** Token bucket per API key: `limit` requests, refilled evenly over `windowMs` (Asleep contract 4.1: 403). */
  rateLimit: z.strictObject({ limit: z.int().min(1), windowMs: z.int().min(1) }).nullish(),
  /** After `limit` requests per key, every request is 403 `Quota exceeded`. */
  quota: z.strictObject({ limit: z.int().min(0) }).nullish(),
  /** Every request 403 `Plan is expired`. */
  planExpired: z.boolean().nullish(),
  /** A share of requests hangs for `ms` (past the client's timeout) before being served. */
  timeout: z.strictObject({ rate: share, ms: z.int().min(0).default(30_000) }).nullish(),
  /** A share of requests has its socket destroyed without a response. */
  dropConnection: z.strictObject({ rate: share }).nullish(),
  /** Every request fails: `503` answers 503, `reset` destroys the connection. */
  outage: z.strictObject({ mode: z.enum(['503', 'reset']).default('503') }).nullish(),
});
export type FaultConfigInput = z.input<typeof FaultConfigSchema>;
export type FaultConfig = z.output<typeof FaultConfigSchema>;

export const FailNextSchema = z.strictObject({
  count: z.int().min(1).default(1),
  status: z.int().min(400).max(599).default(503),
  detail: z.string().optional(),
  /** Only requests to this route key count down. */
  route: z.string().optional(),
});
export type FailNextInput = z.input<typeof FailNextSchema>;
