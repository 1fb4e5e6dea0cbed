export {
  generateSecret,
  hasValidSignature,
  signatureHeader,
  signatureOf,
  webhookHeaders,
  WebhookSecretError,
} from './lib/signing';
export type { SignedMessage } from './lib/signing';
export { DEFAULT_RETRY_SCHEDULE, nextAttemptAt } from './lib/retry-schedule';
export type { RetrySchedule } from './lib/retry-schedule';
export { orderingKeyOf } from './lib/ordering';
export { DEFAULT_AUTO_DISABLE, shouldAutoDisable } from './lib/auto-disable';
export type { AutoDisablePolicy, FailureStreak } from './lib/auto-disable';
export {
  guardedLookup,
  isPublicAddress,
  PRODUCTION_TARGET_POLICY,
  refusalOf,
  TargetRefusedError,
} from './lib/target-guard';
export type { TargetPolicy } from './lib/target-guard';
