import type {
  AnalyticsNight,
  NightScore,
  RegularityResult,
  StoredInsight,
  TrendsResult,
} from '@sleep/analytics-rpc';
import type { AnalyticsRules, AverageStatsResult, ScoreWeightsInput } from '@sleep/contracts';
import type { SleepReport } from '@sleep/sleep-metrics';
import type { z } from 'zod';
import { type AuthedContext, callerTenant, resolveSubject } from '../../auth/subject';
import { gatewayError, notFound } from '../../errors/gateway-error';
import type { AnalyticsStore } from '../../ports/analytics.port';
import type {
  AnalyticsAverageInputSchema,
  AnalyticsRulesInputSchema,
  InsightsInputSchema,
  NightsInputSchema,
  RegularityInputSchema,
  ReportGetInputSchema,
  ReportsListInputSchema,
  ScoreInputSchema,
  ScoreWeightsInputSchema,
  TrendsInputSchema,
} from './analytics.schema';

type Args<S extends z.ZodType> = { ctx: AuthedContext; input: z.output<S> };

function store(ctx: AuthedContext): AnalyticsStore {
  const analytics = ctx.deps.analytics;
  if (!analytics)
    throw gatewayError('SERVICE_UNAVAILABLE', 'Analytics are unavailable; try again later', {
      retryAfterMs: 2_000,
    });
  return analytics;
}

/** Whose nights: authorised first (members: their own), then the Asleep user of the caller's tenant. */
async function subject(ctx: AuthedContext, appUserId: string | undefined) {
  const user = await resolveSubject(ctx, appUserId, 'read');
  return { tenantId: ctx.principal.tenantId, userId: user.asleepUserId };
}

export async function scoreHandler({
  ctx,
  input,
}: Args<typeof ScoreInputSchema>): Promise<NightScore> {
  const who = await subject(ctx, input.appUserId);
  const score = await store(ctx).score({ ...who, sessionId: input.sessionId });
  if (!score) throw notFound('Session');
  return score;
}

export async function nightsHandler({
  ctx,
  input,
}: Args<typeof NightsInputSchema>): Promise<{ nights: AnalyticsNight[] }> {
  const { appUserId, ...query } = input;
  const who = await subject(ctx, appUserId);
  return store(ctx).nights({ ...who, ...query });
}

export async function analyticsAverageHandler({
  ctx,
  input,
}: Args<typeof AnalyticsAverageInputSchema>): Promise<AverageStatsResult> {
  const [who, tenant] = await Promise.all([subject(ctx, input.appUserId), callerTenant(ctx)]);
  const result = await store(ctx).average({
    ...who,
    start_date: input.startDate,
    end_date: input.endDate,
    timezone: input.timezone ?? tenant.defaultTimezone,
  });
  if (!result) throw notFound('Nights of the user');
  return result;
}

export async function regularityHandler({
  ctx,
  input,
}: Args<typeof RegularityInputSchema>): Promise<RegularityResult> {
  const { appUserId, ...query } = input;
  const who = await subject(ctx, appUserId);
  return store(ctx).regularity({ ...who, ...query });
}

export async function trendsHandler({
  ctx,
  input,
}: Args<typeof TrendsInputSchema>): Promise<TrendsResult> {
  const { appUserId, ...query } = input;
  const who = await subject(ctx, appUserId);
  return store(ctx).trends({ ...who, ...query });
}

export async function reportsListHandler({
  ctx,
  input,
}: Args<typeof ReportsListInputSchema>): Promise<{ reports: SleepReport[] }> {
  const { appUserId, ...query } = input;
  const who = await subject(ctx, appUserId);
  return store(ctx).listReports({ ...who, ...query });
}

export async function reportGetHandler({
  ctx,
  input,
}: Args<typeof ReportGetInputSchema>): Promise<SleepReport> {
  const { appUserId, ...query } = input;
  const who = await subject(ctx, appUserId);
  const report = await store(ctx).getReport({ ...who, ...query });
  if (!report) throw notFound('Report');
  return report;
}

export async function insightsHandler({
  ctx,
  input,
}: Args<typeof InsightsInputSchema>): Promise<{ insights: StoredInsight[] }> {
  const { appUserId, ...query } = input;
  const who = await subject(ctx, appUserId);
  return store(ctx).insights({ ...who, ...query });
}

/** Tenant admins only (the procedure's role): weights for the whole tenant's future scores. */
export async function setScoreWeightsHandler({
  ctx,
  input,
}: Args<typeof ScoreWeightsInputSchema>): Promise<{ weights: ScoreWeightsInput | null }> {
  return store(ctx).setScoreWeights({ tenantId: ctx.principal.tenantId, weights: input.weights });
}

/** Applies to nights ingested and reports built afterwards; stored nights keep their sleep day. */
export async function setRulesHandler({
  ctx,
  input,
}: Args<typeof AnalyticsRulesInputSchema>): Promise<{ rules: AnalyticsRules }> {
  return store(ctx).setRules({ tenantId: ctx.principal.tenantId, rules: input.rules });
}

export async function rulesHandler({
  ctx,
}: {
  ctx: AuthedContext;
}): Promise<{ rules: AnalyticsRules }> {
  return store(ctx).rules({ tenantId: ctx.principal.tenantId });
}
