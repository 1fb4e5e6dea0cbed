import { authedProcedure, router } from '../../trpc';
import { averageStatsHandler } from './average.handler';
import { AverageStatsInputSchema, AverageStatsOutputSchema } from './average.schema';

export const statsRouter = router({
  average: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/statistics',
        tags: ['stats'],
        summary: "Asleep's averages over up to 100 days",
      },
    })
    .input(AverageStatsInputSchema)
    .output(AverageStatsOutputSchema)
    .query(averageStatsHandler),
});
