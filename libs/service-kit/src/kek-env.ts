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
