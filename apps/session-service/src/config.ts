import {
  baseEnvSchema,
  envInt,
  envString,
  envTrustedServiceKeys,
  refuseDevelopmentServiceKeys,
} from '@sleep/service-kit';
import { TenantIdSchema } from '@sleep/contracts';
import { z } from 'zod';

const HOUR_MS = 3_600_000;

/** `tenant:key,tenant:key`; keys never appear in an error message. */
const apiKeysSchema = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z
    .string()
    .default('')
    .transform((text, ctx) => {
      const keys = new Map<string, string>();
      for (const entry of text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)) {
        const at = entry.indexOf(':');
        const tenant = entry.slice(0, at);
        if (at < 1 || at === entry.length - 1 || !TenantIdSchema.safeParse(tenant).success) {
          ctx.addIssue({
            code: 'custom',
            message: 'expected tenant:key pairs separated by commas',
          });
          return z.NEVER;
        }
        keys.set(tenant, entry.slice(at + 1));
      }
      return keys;
    }),
);

export const envSchema = baseEnvSchema(3002)
  .extend({
    /** Consumer groups are `<id>` (webhooks), `<id>.users` and `<id>.commands`. */
    SESSION_GROUP_ID: envString('session-service'),
    /** A consumer silent this long is presumed dead and its partitions move (6 s is the broker's minimum). */
    KAFKA_SESSION_TIMEOUT_MS: envInt(30_000, 6_000, 300_000),
    ASLEEP_BASE_URL: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.url({ protocol: /^https?$/ }).default('https://api.asleep.ai'),
    ),
    ASLEEP_API_KEYS: apiKeysSchema,
    /** An OPEN or CLOSED night that no webhook moved for this long is fetched from the API. */
    SESSION_RECOVERY_AFTER_MS: envInt(2 * HOUR_MS, 1_000),
    SESSION_RECOVERY_INTERVAL_MS: envInt(60_000, 100),
    /** The public keys of the services that may call its RPC (gateway, analytics-service). */
    SERVICE_TOKEN_TRUSTED_KEYS: envTrustedServiceKeys(['gateway', 'analytics-service']),
  })
  .superRefine(refuseDevelopmentServiceKeys);
export type AppConfig = z.infer<typeof envSchema>;
