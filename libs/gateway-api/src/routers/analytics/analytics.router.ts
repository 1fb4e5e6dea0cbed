import type {
  AnalyticsNight,
  NightScore,
  RegularityResult,
  StoredInsight,
  TrendsResult,
} from '@sleep/analytics-rpc';
import type { AnalyticsRules, ScoreWeightsInput } from '@sleep/contracts';
import type { SleepReport } from '@sleep/sleep-metrics';
import { authedProcedure, procedureFor, router } from '../../trpc';
import { AverageStatsOutputSchema } from '../stats/average.schema';
import { liveInsightsHandler, liveReportsHandler } from './analytics-live.handler';
import { AnalyticsLiveInputSchema } from './analytics-live.schema';
import {
  analyticsAverageHandler,
  insightsHandler,
  nightsHandler,
  regularityHandler,
  reportGetHandler,
  reportsListHandler,
  rulesHandler,
  scoreHandler,
  setRulesHandler,
  setScoreWeightsHandler,
  trendsHandler,
} from './analytics.handlers';
import {
  AnalyticsAverageInputSchema,
  AnalyticsRulesInputSchema,
  AnalyticsRulesQuerySchema,
  analyticsOutput,
  InsightsInputSchema,
  NightsInputSchema,
  RegularityInputSchema,
  ReportGetInputSchema,
  ReportsListInputSchema,
  ScoreInputSchema,
  ScoreWeightsInputSchema,
  TrendsInputSchema,
} from './analytics.schema';

const tags = ['analytics'];
const get = (path: `/${string}`, summary: string) => ({
  openapi: { method: 'GET' as const, path, tags, summary },
});

/** analytics-service's numbers about one user (members: their own; analysts and admins: anyone of the tenant). */
export const analyticsRouter = router({
  score: authedProcedure
    .meta(get('/analytics/score', 'Sleep score of one night, with its contributors'))
    .input(ScoreInputSchema)
    .output(analyticsOutput<NightScore>('Score, score version and contributors'))
    .query(scoreHandler),
  nights: authedProcedure
    .meta(get('/analytics/nights', 'Nightly facts of up to 100 sleep days, with scores'))
    .input(NightsInputSchema)
    .output(analyticsOutput<{ nights: AnalyticsNight[] }>('Nights by start'))
    .query(nightsHandler),
  average: authedProcedure
    .meta(get('/analytics/average', "Averages over up to 100 days, in Asleep's A1 shape"))
    .input(AnalyticsAverageInputSchema)
    .output(AverageStatsOutputSchema)
    .query(analyticsAverageHandler),
  regularity: authedProcedure
    .meta(
      get('/analytics/regularity', 'Sleep Regularity Index, mid-sleep, chronotype, social jet lag'),
    )
    .input(RegularityInputSchema)
    .output(analyticsOutput<RegularityResult>('Regularity and timing'))
    .query(regularityHandler),
  trends: authedProcedure
    .meta(get('/analytics/trends', 'Trend of a metric and its 7- and 30-day rolling means'))
    .input(TrendsInputSchema)
    .output(analyticsOutput<TrendsResult>('Theil-Sen slope, Mann-Kendall test, rolling means'))
    .query(trendsHandler),
  reports: router({
    list: authedProcedure
      .meta(get('/analytics/reports', 'Stored weekly and monthly reports, newest first'))
      .input(ReportsListInputSchema)
      .output(analyticsOutput<{ reports: SleepReport[] }>('Reports'))
      .query(reportsListHandler),
    get: authedProcedure
      .meta(
        get('/analytics/report', 'The report of the week or month holding a day (built on demand)'),
      )
      .input(ReportGetInputSchema)
      .output(analyticsOutput<SleepReport>('Report'))
      .query(reportGetHandler),
  }),
  insights: authedProcedure
    .meta(get('/analytics/insights', 'Insights about the user, newest first'))
    .input(InsightsInputSchema)
    .output(analyticsOutput<{ insights: StoredInsight[] }>('Insights'))
    .query(insightsHandler),
  /**
   * Server-sent events from the change feed: new reports and insights after `lastEventId` or
   * `cursor` (feed cursors), else from now on.
   */
  live: router({
    reports: authedProcedure.input(AnalyticsLiveInputSchema).subscription(liveReportsHandler),
    insights: authedProcedure.input(AnalyticsLiveInputSchema).subscription(liveInsightsHandler),
  }),
  setScoreWeights: procedureFor('admin')
    .meta({
      openapi: {
        method: 'PUT',
        path: '/analytics/score-weights',
        tags,
        summary: "The tenant's score weights",
      },
    })
    .input(ScoreWeightsInputSchema)
    .output(analyticsOutput<{ weights: ScoreWeightsInput | null }>('Weights in force'))
    .mutation(setScoreWeightsHandler),
  rules: procedureFor('admin')
    .meta(get('/analytics/rules', "The tenant's sleep-day rule, zone and free days"))
    .input(AnalyticsRulesQuerySchema)
    .output(analyticsOutput<{ rules: AnalyticsRules }>('Rules in force (null: the default)'))
    .query(rulesHandler),
  setRules: procedureFor('admin')
    .meta({
      openapi: {
        method: 'PUT',
        path: '/analytics/rules',
        tags,
        summary:
          "The tenant's sleep-day rule, zone and free days (stored nights and statistics are recomputed)",
      },
    })
    .input(AnalyticsRulesInputSchema)
    .output(analyticsOutput<{ rules: AnalyticsRules }>('Rules in force (null: the default)'))
    .mutation(setRulesHandler),
});
