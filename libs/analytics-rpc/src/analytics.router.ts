import {
  AverageQuerySchema,
  ExportFactsQuerySchema,
  InsightsQuerySchema,
  NightsQuerySchema,
  OrgStatsQuerySchema,
  RegularityQuerySchema,
  ReportGetQuerySchema,
  ReportsListQuerySchema,
  ScoreQuerySchema,
  SetAnalyticsRulesSchema,
  SetScoreWeightsSchema,
  TenantQuerySchema,
  TrendsQuerySchema,
} from '@sleep/contracts';
import type { AnalyticsRpcService } from './analytics-rpc.service';
import { packAverage } from './average-wire';
import { procedure, router } from './trpc';

/** analytics-service's internal API: every procedure validates its input, then asks the service. */
export function createAnalyticsRouter(service: AnalyticsRpcService) {
  return router({
    score: procedure.input(ScoreQuerySchema).query(({ input }) => service.score(input)),
    nights: procedure.input(NightsQuerySchema).query(({ input }) => service.nights(input)),
    average: procedure.input(AverageQuerySchema).query(({ input }) => service.average(input)),
    /**
     * `average` with its slept sessions packed (`average-wire.ts`): the gateway's read, a
     * third of the bytes to write, send and parse; `unpackAverage` gives the same answer back.
     * V2: the sessions' ratios in thousandths. `averagePacked` (ratios as fractions) is gone: a
     * gateway still asking for it gets NOT_FOUND and answers from Asleep until it is updated.
     */
    averagePackedV2: procedure
      .input(AverageQuerySchema)
      .query(async ({ input }) =>
        service.averagePacked
          ? service.averagePacked(input)
          : packAverage(await service.average(input)),
      ),
    regularity: procedure
      .input(RegularityQuerySchema)
      .query(({ input }) => service.regularity(input)),
    trends: procedure.input(TrendsQuerySchema).query(({ input }) => service.trends(input)),
    reports: router({
      list: procedure
        .input(ReportsListQuerySchema)
        .query(({ input }) => service.listReports(input)),
      get: procedure.input(ReportGetQuerySchema).query(({ input }) => service.getReport(input)),
    }),
    insights: procedure.input(InsightsQuerySchema).query(({ input }) => service.insights(input)),
    setScoreWeights: procedure
      .input(SetScoreWeightsSchema)
      .mutation(({ input }) => service.setScoreWeights(input)),
    setRules: procedure
      .input(SetAnalyticsRulesSchema)
      .mutation(({ input }) => service.setRules(input)),
    rules: procedure.input(TenantQuerySchema).query(({ input }) => service.rules(input)),
    orgStats: procedure.input(OrgStatsQuerySchema).query(({ input }) => service.orgStats(input)),
    removeTenant: procedure
      .input(TenantQuerySchema)
      .mutation(({ input }) => service.removeTenant(input)),
    exportFacts: procedure
      .input(ExportFactsQuerySchema)
      .query(({ input }) => service.exportFacts(input)),
  });
}

/** Import this type (never the router itself) to call analytics-service with full types. */
export type AnalyticsRouter = ReturnType<typeof createAnalyticsRouter>;
