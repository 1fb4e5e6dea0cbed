import { z } from 'zod';
import {
  DEV_EVENT_SIGNING_SEED,
  MessageSigner,
  MessageVerifier,
  publicKeyOf,
  signingKeyId,
} from '@sleep/messaging';

const blank = (value: unknown) => (value === '' ? undefined : value);

/** The public key of the development signing key: what consumers verify with when unset. */
export const DEV_EVENT_VERIFY_KEY = publicKeyOf(DEV_EVENT_SIGNING_SEED);

/**
 * `EVENT_SIGNING_KEY`: the Ed25519 seed (32 bytes, base64) the gateway signs tenant and user
 * announcements with. Optional here; the app decides whether the development key may stand in.
 */
export const envEventSigningKey = () =>
  z.preprocess(
    blank,
    z
      .string()
      .refine((value) => isValid(() => new MessageSigner(value)), {
        message: 'expected an Ed25519 seed: 32 random bytes in base64 (openssl rand -base64 32)',
      })
      .optional(),
  );

/**
 * `EVENT_VERIFY_KEYS`: the gateway's public keys (base64 of 32 bytes), comma-separated; several
 * during a rotation. Defaults to the development key's.
 */
export const envEventVerifyKeys = () =>
  z.preprocess(
    blank,
    z
      .string()
      .default(DEV_EVENT_VERIFY_KEY)
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(
            z.string().refine((key) => isValid(() => signingKeyId(key)), {
              message: 'expected Ed25519 public keys: 32 bytes in base64, comma-separated',
            }),
          )
          .min(1),
      ),
  );

export function eventSigner(seed: string | undefined): MessageSigner {
  return new MessageSigner(seed ?? DEV_EVENT_SIGNING_SEED);
}

export function eventVerifier(publicKeys: readonly string[]): MessageVerifier {
  return new MessageVerifier(publicKeys);
}

function isValid(attempt: () => unknown): boolean {
  try {
    attempt();
    return true;
  } catch {
    return false;
  }
}
