import {
  baseEnvSchema,
  envInt,
  envString,
  envTrustedServiceKeys,
  refuseDevelopmentEventKeys,
  refuseDevelopmentServiceKeys,
} from '@sleep/service-kit';

export const envSchema = baseEnvSchema(3003)
  .extend({
    /** Consumer groups are `<id>.sessions` and `<id>.users`. */
    ANALYTICS_GROUP_ID: envString('analytics-service'),
    /** A consumer silent this long is presumed dead and its partitions move (6 s is the broker's minimum). */
    KAFKA_SESSION_TIMEOUT_MS: envInt(30_000, 6_000, 300_000),
    /** How often closed report periods are swept for users whose report is missing. */
    REPORT_SWEEP_INTERVAL_MS: envInt(3_600_000, 1_000, 86_400_000),
    /** Completeness SLO: hours after a night's start by which it should be COMPLETE. */
    COMPLETENESS_DEADLINE_HOURS: envInt(18, 1, 168),
    /** Completeness SLO: the share of nights (percent) to complete on time, per tenant. */
    COMPLETENESS_TARGET_PERCENT: envInt(95, 1, 100),
    /** The public keys of the services that may call its RPC (the gateway). */
    SERVICE_TOKEN_TRUSTED_KEYS: envTrustedServiceKeys(['gateway']),
  })
  .superRefine((env, ctx) => {
    refuseDevelopmentServiceKeys(env, ctx);
    refuseDevelopmentEventKeys(env, ctx);
  });
export type AppConfig = ReturnType<typeof envSchema.parse>;
