// The gateway's tRPC router: procedures, their schemas and handlers, context, errors, OpenAPI.
export { appRouter, type AppRouter } from './routers/_app';
export { createCallerFactory } from './trpc';
export { exportsRouter, type ExportsRouter } from './routers/exports/exports.router';
export type { ExportDownload } from './routers/exports/exports.schema';
export { createContextFactory, contextFor, type Context, type HttpContextInput } from './context';
export {
  AppUserIdSchema,
  PrincipalSchema,
  RoleSchema,
  type Principal,
  type Role,
} from './auth/principal';
export type { TokenLifetime } from './auth/token-lifetime';
export {
  TokenRejectedError,
  TokenVerifier,
  type TokenVerifierOptions,
  type VerifiedToken,
} from './auth/token-verifier';
export { AlreadyExistsError } from './errors/already-exists';
export {
  formatGatewayError,
  retryAfterHeader,
  type GatewayErrorData,
} from './errors/error-formatter';
export { gatewayError, type FieldIssue } from './errors/gateway-error';
export { DEFAULT_UPSTREAM_HINTS, type UpstreamHints } from './errors/upstream-error';
export { openApiDocument, REST_BASE_PATH } from './openapi/openapi-document';
export type { GatewayDeps, GatewayLogger, GatewaySettings } from './ports/gateway-deps';
export type { AnalyticsStore } from './ports/analytics.port';
export {
  ChangeLedgerClosedError,
  type AppendWaiter,
  type ChangeBody,
  type ChangeFilter,
  type ChangeLedger,
  type ChangeToAppend,
  type LedgerChange,
  type LedgerPage,
} from './ports/change-ledger.port';
export { encodeCursor, readPage, type LedgerState } from './services/change-cursor';
export type {
  CallOutcome,
  LimitEvents,
  RateLimitDecision,
  RateLimiter,
  RateLimitRule,
  RefusalReason,
  StreamCloseReason,
  UsageDay,
  UsageLedger,
} from './ports/limits.port';
export type {
  SessionListQuery,
  SessionPage,
  SessionRef,
  SessionStore,
} from './ports/sessions.port';
export type {
  NewTenant,
  Tenant,
  TenantDirectory,
  TenantLifecycle,
  TenantSettingsPatch,
} from './ports/tenants.port';
export type { AuditLog, AuditPage, AuditQuery, AuditStore } from './ports/audit-log.port';
export type { OrgSettingsHistoryPage, OrgSettingsStore } from './ports/org-settings.port';
export type {
  NewWebhookEndpoint,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  WebhookEndpointPatch,
  WebhookEndpointStore,
  WebhookReplaySelection,
  WebhooksDeps,
} from './ports/webhooks.port';
export type { ExportJobs, NewResearchExport } from './ports/export-jobs.port';
export { auditEntryForStorage } from './audit/audit-redaction';
export { recordAudit } from './audit/audited';
export { minGroupSizeOf } from './services/org-settings';
export { RETENTION_ACTOR, sweepAllRetention } from './services/retention-sweep';
export type { AppUser, AppUserDirectory, AppUserPage, UserEvents } from './ports/users.port';
export {
  InsightCreatedEventSchema,
  ReportCreatedEventSchema,
  type InsightCreatedEvent,
  type ReportCreatedEvent,
} from './schemas/analytics-live-event.schema';
export { LiveSessionEventSchema, type LiveSessionEvent } from './schemas/live-session-event.schema';
export type {
  AppUserView,
  Me,
  TenantView,
  UserProfile,
  UsageDayView,
} from './schemas/views.schema';
export { InMemoryRateLimiter } from './services/in-memory-rate-limiter';
export { LruCache } from './services/lru-cache';
export {
  type LiveStreamKind,
  OpenStreams,
  type StreamCaps,
  type StreamLease,
} from './services/open-streams';
export { SessionCache, type SessionKey } from './services/session-cache';
export { isImmutable, markImmutable, retire, serializeResult } from './services/serialized-results';
export { CallReplay, type Replay } from './services/call-replay';
export { toSessionPage } from './routers/sessions/session-page';
