import { createHash } from 'node:crypto';
import { z } from 'zod';
import { baseEnvSchema, envInt, envOptionalUrl, envString, parseKek } from '@sleep/service-kit';

const blank = (value: unknown) => (value === '' ? undefined : value);

/** Development only: the gateway refuses to boot with these when NODE_ENV=production. */
export const DEV_JWT_SECRET = 'sleep-platform-development-secret-not-for-production';
const DEV_KEK = createHash('sha256')
  .update('sleep-platform-development-kek')
  .digest()
  .toString('base64');

const kek = z.string().transform((value, ctx) => {
  try {
    return parseKek(value);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'expected 32 random bytes in base64 (openssl rand -base64 32)',
    });
    return z.NEVER;
  }
});

const kekList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .pipe(z.array(kek));

export const envSchema = baseEnvSchema(3000)
  .extend({
    NODE_ENV: z.preprocess(
      blank,
      z.enum(['development', 'test', 'production']).default('development'),
    ),
    JWT_ISSUER: envString('sleep-platform-dev'),
    JWT_AUDIENCE: envString('sleep-gateway'),
    /** HS256 secret for development; production uses JWT_JWKS_URL. */
    JWT_SECRET: z.preprocess(
      blank,
      z.string().min(32, 'must be at least 32 characters').optional(),
    ),
    JWT_JWKS_URL: envOptionalUrl(),
    /** Key-encryption key of the tenants' Asleep keys at rest (AES-256-GCM). */
    TENANT_KEK: z.preprocess(blank, kek.optional()),
    /** Earlier KEKs, comma-separated: still opened, re-sealed under TENANT_KEK at boot. */
    TENANT_KEK_PREVIOUS: z.preprocess(blank, kekList.default([])),
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
    /** How often nights past each organisation's retention are deleted; 0 turns the job off. */
    RETENTION_SWEEP_INTERVAL_MS: envInt(3_600_000, 0, 7 * 24 * 3_600_000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    if (!env.JWT_SECRET && !env.JWT_JWKS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_JWKS_URL'],
        message: 'required in production (or JWT_SECRET)',
      });
    }
    if (!env.TENANT_KEK)
      ctx.addIssue({ code: 'custom', path: ['TENANT_KEK'], message: 'required in production' });
  })
  .transform((env) => ({
    ...env,
    JWT_SECRET: env.JWT_JWKS_URL ? undefined : (env.JWT_SECRET ?? DEV_JWT_SECRET),
    TENANT_KEK: env.TENANT_KEK ?? parseKek(DEV_KEK),
  }));

export type AppConfig = z.infer<typeof envSchema>;
