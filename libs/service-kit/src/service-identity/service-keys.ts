import { z } from 'zod';

/** An Ed25519 key as a JWK: `d` only in a private (signing) key. */
export const ServiceJwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[\w-]{43}$/, 'expected a 32-byte base64url public key'),
  d: z
    .string()
    .regex(/^[\w-]{43}$/, 'expected a 32-byte base64url private key')
    .optional(),
  kid: z.string().min(1).max(100),
});
export type ServiceJwk = z.infer<typeof ServiceJwkSchema>;

/**
 * Development only, printed here on purpose like the gateway's development JWT secret: every
 * service refuses them when NODE_ENV=production (docs/security.md says how to make real ones).
 */
export const DEVELOPMENT_SERVICE_KEYS: Readonly<Record<string, ServiceJwk>> = {
  gateway: {
    kty: 'OKP',
    crv: 'Ed25519',
    kid: 'gateway-development',
    d: 'U3aBiX2FEr0YhFEJVu1kmCJmEounzNxKP_ESwQemhWo',
    x: 'g0YkVRk3pmcpiY3MXSyPE04KeiYuSn--kXOssBlXZWk',
  },
  'analytics-service': {
    kty: 'OKP',
    crv: 'Ed25519',
    kid: 'analytics-service-development',
    d: 'dTpXYffDacum8wmWeewgERBdX4svDcbVy2Nsv-9brSw',
    x: 'jDERqBirhE1klsliw5UyYzbs5bPfumefcarefyoTE3Y',
  },
};

const DEVELOPMENT_PUBLIC_KEYS = new Set(Object.values(DEVELOPMENT_SERVICE_KEYS).map((k) => k.x));

/** True for a key whose public half is one of the development keys above. */
export const isDevelopmentServiceKey = (key: ServiceJwk) => DEVELOPMENT_PUBLIC_KEYS.has(key.x);

const publicHalf = ({ d: _d, ...key }: ServiceJwk): ServiceJwk => key;

const blank = (value: unknown) => (value === '' ? undefined : value);

function parseJson(text: string, ctx: z.RefinementCtx, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The value is a key: never echoed.
    ctx.addIssue({ code: 'custom', message: `expected ${expected} as JSON` });
    return z.NEVER;
  }
}

/**
 * `SERVICE_TOKEN_KEY`: the caller's private Ed25519 JWK (with `kid`), signing its service tokens.
 * Defaults to the service's development key.
 */
export const envServiceSigningKey = (service: string) =>
  z.preprocess(
    blank,
    z
      .string()
      .optional()
      .transform((text, ctx) =>
        text === undefined ? DEVELOPMENT_SERVICE_KEYS[service] : parseJson(text, ctx, 'a JWK'),
      )
      .pipe(
        ServiceJwkSchema.refine((key) => key.d !== undefined, 'expected a private key (with d)'),
      ),
  );

/**
 * `SERVICE_TOKEN_TRUSTED_KEYS`: `{"<caller>": [public JWK, …]}`, the keys each caller may sign
 * with (several during a rotation). Only `callers` may appear. Defaults to their development keys.
 */
export const envTrustedServiceKeys = (callers: readonly string[]) =>
  z.preprocess(
    blank,
    z
      .string()
      .optional()
      .transform((text, ctx) =>
        text === undefined
          ? Object.fromEntries(callers.map((c) => [c, [publicHalf(DEVELOPMENT_SERVICE_KEYS[c])]]))
          : parseJson(text, ctx, '{"<caller>": [JWK, …]}'),
      )
      .pipe(
        z
          .partialRecord(
            z.enum(callers as [string, ...string[]], {
              error: `callers may be ${callers.join(', ')}`,
            }),
            z.array(ServiceJwkSchema.transform(publicHalf)).min(1),
          )
          .refine((trusted) => {
            const kids = Object.values(trusted).flatMap((keys) => (keys ?? []).map((k) => k.kid));
            return new Set(kids).size === kids.length;
          }, 'every kid must be unique'),
      ),
  );

interface ServiceKeyEnv {
  NODE_ENV?: string;
  SERVICE_TOKEN_KEY?: ServiceJwk;
  SERVICE_TOKEN_TRUSTED_KEYS?: Partial<Record<string, readonly ServiceJwk[]>>;
}

/** For an env schema's `superRefine`: production refuses the development keys by value. */
export function refuseDevelopmentServiceKeys(env: ServiceKeyEnv, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV !== 'production') return;
  if (env.SERVICE_TOKEN_KEY && isDevelopmentServiceKey(env.SERVICE_TOKEN_KEY))
    ctx.addIssue({
      code: 'custom',
      path: ['SERVICE_TOKEN_KEY'],
      message: 'required in production; the development key is refused',
    });
  const trusted = Object.values(env.SERVICE_TOKEN_TRUSTED_KEYS ?? {}).flat();
  if (trusted.some((key) => key && isDevelopmentServiceKey(key)))
    ctx.addIssue({
      code: 'custom',
      path: ['SERVICE_TOKEN_TRUSTED_KEYS'],
      message: 'required in production; development keys are refused',
    });
}
