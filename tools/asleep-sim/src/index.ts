// @sleep/asleep-sim: a simulated Asleep platform (REST API, nights, webhooks, faults) for tests and demos.
export { startAsleepSim } from './sim';
export type {
  AsleepSim,
  AsleepSimOptions,
  CreateUserWithNightsOptions,
  SimPlayOptions,
} from './sim';
export { generateNight, SIM_TIMEZONES, userProfile } from './night/generate-night';
export type { GenerateNightOptions } from './night/generate-night';
export { nightFromSleepData, nightFromSpec } from './night/from-spec';
export type { SleepDataLike } from './night/from-spec';
export type { Night, NightKind, NightSpec } from './night/night';
export { nightDeliveries, sessionCompleteData } from './player/deliveries';
export type {
  NightDeliveriesOptions,
  WebhookDelivery,
  WebhookEvent,
  WebhookVersion,
} from './player/deliveries';
export { planSends } from './player/injection';
export type { InjectionOptions, PlannedSend } from './player/injection';
export { playNights } from './player/play-nights';
export type { PlayHooks, PlayNightsOptions } from './player/play-nights';
export type { DeliveryRecord, NightTruth, PlayReport } from './player/play-report';
export type { Attempt, RetryOptions } from './player/send-webhook';
export { renderAverageStats } from './render/average-stats';
export { renderListItem, renderSleepData, renderStat } from './render/render-session';
export type { SessionSnapshot } from './render/session-snapshot';
export { Faults } from './faults/faults';
export { FaultConfigSchema, FailNextSchema } from './faults/fault-config';
export type { FailNextInput, FaultConfig, FaultConfigInput } from './faults/fault-config';
export { RequestCounters } from './faults/request-counters';
export type { RequestCountsSnapshot, RequestOutcome } from './faults/request-counters';
export { ROUTES } from './server/routes';
export type { RouteKey } from './server/routes';
export { SimState } from './state/sim-state';
export type { AddSessionOptions, AddUserInput, SimUser, StoredSession } from './state/sim-state';
export { mulberry32, rngFor } from './random/prng';
