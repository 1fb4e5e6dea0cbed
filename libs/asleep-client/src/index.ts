// The Asleep REST client: typed operations, retries, circuit breaker, metrics; Nest glue apart.
export { AsleepClient } from './asleep-client';
export { AsleepClientModule, type AsleepClientModuleAsyncOptions } from './asleep-client.module';
export {
  AsleepError,
  AsleepForbiddenError,
  AsleepInvalidRequestError,
  AsleepInvalidResponseError,
  AsleepNotFoundError,
  AsleepRateLimitedError,
  AsleepUnauthorizedError,
  AsleepUnavailableError,
  isAsleepError,
  type AsleepClientError,
  type AsleepErrorKind,
  type AsleepIssue,
  type UnavailableReason,
} from './errors';
export {
  BREAKER_STATE_VALUE,
  type BreakerEvent,
  type BreakerState,
  type CallOutcome,
} from './metrics';
export { ASLEEP_OPERATIONS, type AsleepOperation } from './operation';
export type { AsleepClientConfig, AsleepClientLogger, AsleepClientOptions } from './options';
export type { AverageStatsOptions } from './operations/average-stats';
export type { IterateSessionsOptions } from './operations/iterate-sessions';
export type { ListSessionsOptions, TimezoneOption } from './operations/sessions';
export type { CreateUserInput, DeleteResult, UpdateUserInput } from './operations/users';
export type { RetryReason } from './retry';
