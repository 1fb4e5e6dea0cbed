import { z } from 'zod';
import {
  baseEnvSchema,
  envEventSigningKey,
  envInt,
  envKek,
  envKekList,
  envServiceSigningKey,
  envString,
  kekOrDevelopment,
  refuseDevelopmentEventKeys,
  refuseDevelopmentKeks,
  refuseDevelopmentServiceKeys,
} from '@sleep/service-kit';

const blank = (value: unknown) => (value === '' ? undefined : value);
const envFlag = () => z.preprocess(blank, z.stringbool().default(false));

/** Development only: the gateway refuses to boot with these when NODE_ENV=production. */
export const DEV_JWT_SECRET = 'sleep-platform-development-secret-not-for-production';
export const DEV_JWT_ISSUER = 'sleep-platform-dev';

/**
 * Development values that must never run in production, whichever file they came from: the
 * defaults above and the ones docker/dev.env and the k8s dev overlay carry.
 */
const DEVELOPMENT_JWT_SECRETS = new Set([
  DEV_JWT_SECRET,
  'sleep-platform-dev-only-jwt-secret-change-me-0123456789',
]);

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Signing keys over plain http could be swapped on the way: https, except on this machine. */
const jwksUrl = z.preprocess(
  blank,
  z
    .url({ protocol: /^https?$/ })
    .refine(
      (url) => url.startsWith('https:') || LOOPBACK.has(new URL(url).hostname),
      'must be https (plain http only on a loopback address)',
    )
    .optional(),
);

export const envSchema = baseEnvSchema(3000)
  .extend({
    JWT_ISSUER: envString(DEV_JWT_ISSUER),
    JWT_AUDIENCE: envString('sleep-gateway'),
    /** HS256 secret for development; production uses JWT_JWKS_URL. */
    JWT_SECRET: z.preprocess(
      blank,
      z.string().min(32, 'must be at least 32 characters').optional(),
    ),
    JWT_JWKS_URL: jwksUrl,
    /** Key-encryption key of the tenants' Asleep keys at rest (AES-256-GCM). */
    TENANT_KEK: envKek(),
    /** Earlier KEKs, comma-separated: still opened, re-sealed under TENANT_KEK at boot. */
    TENANT_KEK_PREVIOUS: envKekList(),
    /** Signs `platform.tenants.v1` and `sleep.users.v1` (Ed25519 seed); consumers verify. */
    EVENT_SIGNING_KEY: envEventSigningKey(),
    /** How long a replaced Asleep key still authenticates webhooks (sessions uploaded with it). */
    TENANT_KEY_GRACE_SECONDS: envInt(48 * 3600, 0, 30 * 24 * 3600),
    ASLEEP_BASE_URL: z.preprocess(
      blank,
      z.url({ protocol: /^https?$/ }).default('https://api.asleep.ai'),
    ),
    ASLEEP_REQUEST_TIMEOUT_MS: envInt(5_000, 50, 60_000),
    ASLEEP_MAX_RETRIES: envInt(2, 0, 10),
    ASLEEP_BREAKER_RESET_MS: envInt(30_000, 100, 600_000),
    SESSION_SERVICE_URL: z.preprocess(
      blank,
      z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3002'),
    ),
    ANALYTICS_SERVICE_URL: z.preprocess(
      blank,
      z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3003'),
    ),
    REDIS_URL: z.preprocess(
      blank,
      z.url({ protocol: /^rediss?$/, error: 'expected a redis:// or rediss:// URL' }).optional(),
    ),
    RATE_LIMIT_USER_PER_MINUTE: envInt(600, 1, 10_000_000),
    RATE_LIMIT_TENANT_PER_MINUTE: envInt(20_000, 1, 100_000_000),
    /** The web console's built files; found beside the gateway or in the workspace when unset. */
    CONSOLE_DIR: z.preprocess(blank, z.string().optional()),
    /** The console's client id at the identity provider (JWT_ISSUER): set, it signs in there. */
    CONSOLE_OIDC_CLIENT_ID: z.preprocess(blank, z.string().min(1).max(200).optional()),
    CONSOLE_OIDC_SCOPE: envString('openid profile'),
    /** The gateway's private key for the service tokens it shows session- and analytics-service. */
    SERVICE_TOKEN_KEY: envServiceSigningKey('gateway'),
    /** Calls to Asleep per tenant and minute made because the platform could not answer itself. */
    RATE_LIMIT_ASLEEP_PER_MINUTE: envInt(300, 1, 10_000_000),
    /** While Redis is unreachable each replica allows this share of every limit: 1/replicas. */
    RATE_LIMIT_REPLICAS: envInt(1, 1, 1_000),
    SSE_MAX_STREAMS_PER_USER: envInt(10, 1, 10_000),
    SSE_MAX_STREAMS_PER_TENANT: envInt(2_000, 1, 10_000_000),
    TRPC_MAX_BATCH_SIZE: envInt(50, 1, 1_000),
    /** How often nights past each organisation's retention are deleted; 0 turns the job off. */
    RETENTION_SWEEP_INTERVAL_MS: envInt(3_600_000, 0, 7 * 24 * 3_600_000),
    /** Changes older than this leave the change feed (swept with the nights); older cursors resync. */
    CHANGE_FEED_RETENTION_DAYS: envInt(30, 1, 3_650),
    /** The consumer group all replicas share to write the change ledger (each event once). */
    CHANGE_LEDGER_GROUP: envString('gateway-change-ledger'),
    /** How often outbound webhooks are fanned out from the feed and sent; 0 turns sending off. */
    WEBHOOK_DISPATCH_INTERVAL_MS: envInt(1_000, 0, 600_000),
    /** Deliveries one replica sends at once per pass. */
    WEBHOOK_BATCH_SIZE: envInt(20, 1, 1_000),
    /** A receiver answering later than this counts as failed. */
    WEBHOOK_TIMEOUT_MS: envInt(10_000, 50, 60_000),
    /** Retries: the first after this (with jitter), doubling up to the cap, for up to the horizon. */
    WEBHOOK_RETRY_BASE_MS: envInt(30_000, 1, 3_600_000),
    WEBHOOK_RETRY_MAX_MS: envInt(4 * 3_600_000, 1, 24 * 3_600_000),
    WEBHOOK_RETRY_HORIZON_MS: envInt(3 * 24 * 3_600_000, 1, 30 * 24 * 3_600_000),
    /** An endpoint failing for this long, at least WEBHOOK_DISABLE_MIN_FAILURES times in a row, is disabled. */
    WEBHOOK_DISABLE_AFTER_MS: envInt(24 * 3_600_000, 0, 30 * 24 * 3_600_000),
    WEBHOOK_DISABLE_MIN_FAILURES: envInt(10, 1, 100_000),
    /** How long a rotated-out endpoint secret keeps signing beside the new one. */
    WEBHOOK_SECRET_GRACE_SECONDS: envInt(24 * 3600, 0, 30 * 24 * 3600),
    /** Delivered and given-up deliveries stay this long (listable, replayable), then go. */
    WEBHOOK_OUTBOX_RETENTION_DAYS: envInt(30, 1, 3_650),
    /** Endpoints on http (not https): local development and tests only. */
    WEBHOOK_ALLOW_HTTP: envFlag(),
    /** Endpoints on loopback, private and link-local addresses: tests and private deployments only. */
    WEBHOOK_ALLOW_PRIVATE_TARGETS: envFlag(),
  })
  .superRefine((env, ctx) => {
    refuseDevelopmentServiceKeys(env, ctx);
    refuseDevelopmentEventKeys(env, ctx);
    refuseDevelopmentKeks(env, ctx);
    if (env.NODE_ENV !== 'production') return;
    const refused = (variable: string) =>
      ctx.addIssue({
        code: 'custom',
        path: [variable],
        message: 'the development value is refused in production',
      });
    if (env.JWT_SECRET && DEVELOPMENT_JWT_SECRETS.has(env.JWT_SECRET)) refused('JWT_SECRET');
    if (env.JWT_ISSUER === DEV_JWT_ISSUER) refused('JWT_ISSUER');
    if (!env.JWT_SECRET && !env.JWT_JWKS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_JWKS_URL'],
        message: 'required in production (or JWT_SECRET)',
      });
    }
    if (!env.EVENT_SIGNING_KEY)
      ctx.addIssue({
        code: 'custom',
        path: ['EVENT_SIGNING_KEY'],
        message: 'required in production',
      });
    // Limits in process memory would let each replica allow the whole limit.
    if (!env.REDIS_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_URL'],
        message: 'required in production (rate limits shared by every replica)',
      });
  })
  .transform((env) => ({
    ...env,
    JWT_SECRET: env.JWT_JWKS_URL ? undefined : (env.JWT_SECRET ?? DEV_JWT_SECRET),
    TENANT_KEK: kekOrDevelopment(env.TENANT_KEK),
  }));

export type AppConfig = z.infer<typeof envSchema>;
