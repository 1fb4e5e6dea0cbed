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

interface EventKeyEnv {
  NODE_ENV?: string;
  EVENT_SIGNING_KEY?: string;
  EVENT_VERIFY_KEYS: readonly string[];
}

/**
 * For an env schema's `superRefine`: production verifies with real keys only (unset means the
 * development key, so it is required there) and signs with a real seed.
 */
export function refuseDevelopmentEventKeys(env: EventKeyEnv, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV !== 'production') return;
  if (env.EVENT_VERIFY_KEYS.includes(DEV_EVENT_VERIFY_KEY))
    ctx.addIssue({
      code: 'custom',
      path: ['EVENT_VERIFY_KEYS'],
      message: 'required in production; the development key is refused',
    });
  const signing = env.EVENT_SIGNING_KEY;
  if (signing !== undefined && isValid(() => publicKeyOf(signing) === DEV_EVENT_VERIFY_KEY, true))
    ctx.addIssue({
      code: 'custom',
      path: ['EVENT_SIGNING_KEY'],
      message: 'the development value is refused in production',
    });
}

export function eventSigner(seed: string | undefined): MessageSigner {
  return new MessageSigner(seed ?? DEV_EVENT_SIGNING_SEED);
}

export function eventVerifier(publicKeys: readonly string[]): MessageVerifier {
  return new MessageVerifier(publicKeys);
}

/** True when `attempt` does not throw (and returns `expected`, when given). */
function isValid(attempt: () => unknown, expected?: unknown): boolean {
  try {
    const result = attempt();
    return expected === undefined || result === expected;
  } catch {
    return false;
  }
}
