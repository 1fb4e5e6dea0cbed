import type { WebhooksDeps } from '@sleep/gateway-api';
import type { AutoDisablePolicy, RetrySchedule, TargetPolicy } from '@sleep/outbound-webhooks';
import type { AppConfig } from '../config';

/** The outbound webhook rules as configured (production defaults; tests shrink the clock). */
export function webhookPolicies(config: AppConfig): {
  targets: TargetPolicy;
  retry: RetrySchedule;
  autoDisable: AutoDisablePolicy;
} {
  return {
    targets: {
      allowHttp: config.WEBHOOK_ALLOW_HTTP,
      allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    },
    retry: {
      baseMs: config.WEBHOOK_RETRY_BASE_MS,
      maxMs: config.WEBHOOK_RETRY_MAX_MS,
      horizonMs: config.WEBHOOK_RETRY_HORIZON_MS,
    },
    autoDisable: {
      failingForMs: config.WEBHOOK_DISABLE_AFTER_MS,
      minConsecutiveFailures: config.WEBHOOK_DISABLE_MIN_FAILURES,
    },
  };
}

export function webhooksDeps(
  config: AppConfig,
  endpoints: WebhooksDeps['endpoints'],
): WebhooksDeps {
  return {
    endpoints,
    targets: webhookPolicies(config).targets,
    secretGraceSeconds: config.WEBHOOK_SECRET_GRACE_SECONDS,
  };
}
