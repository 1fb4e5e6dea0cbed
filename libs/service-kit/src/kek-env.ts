import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseKek } from './sealed-secret';

const blank = (value: unknown) => (value === '' ? undefined : value);

/**
 * Development only: the key-encryption key of tenants' Asleep keys when TENANT_KEK is unset, the
 * same in the gateway (which seals) and session-service (which opens).
 */
export const DEV_TENANT_KEK = createHash('sha256')
  .update('sleep-platform-development-kek')
  .digest()
  .toString('base64');

/**
 * Development KEKs printed in the source and in the development env files (docker/env, the k8s
 * dev overlay): production refuses them by value.
 */
const DEVELOPMENT_KEKS = new Set([DEV_TENANT_KEK, 'ZGV2ZWxvcG1lbnQta2VrLW5vdC1mb3ItcHJvZCEhISE=']);
const isDevelopmentKek = (key: Buffer) => DEVELOPMENT_KEKS.has(key.toString('base64'));

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

/** `TENANT_KEK`: 32 bytes in base64; unset stays undefined (the app picks its fallback). */
export const envKek = () => z.preprocess(blank, kek.optional());

/** `TENANT_KEK_PREVIOUS`: earlier KEKs, comma-separated, still opened during a rotation. */
export const envKekList = () =>
  z.preprocess(
    blank,
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(z.array(kek))
      .default([]),
  );

interface KekEnv {
  NODE_ENV?: string;
  TENANT_KEK?: Buffer;
  TENANT_KEK_PREVIOUS: readonly Buffer[];
}

/** For an env schema's `superRefine`: production needs a KEK, and none of the development ones. */
export function refuseDevelopmentKeks(env: KekEnv, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV !== 'production') return;
  if (!env.TENANT_KEK)
    ctx.addIssue({ code: 'custom', path: ['TENANT_KEK'], message: 'required in production' });
  else if (isDevelopmentKek(env.TENANT_KEK))
    ctx.addIssue({
      code: 'custom',
      path: ['TENANT_KEK'],
      message: 'the development value is refused in production',
    });
  if (env.TENANT_KEK_PREVIOUS.some(isDevelopmentKek))
    ctx.addIssue({
      code: 'custom',
      path: ['TENANT_KEK_PREVIOUS'],
      message: 'the development value is refused in production',
    });
}

/** The KEK to seal and open with: the development one stands in when unset (never in production). */
export const kekOrDevelopment = (kek: Buffer | undefined): Buffer =>
  kek ?? parseKek(DEV_TENANT_KEK);
