import type { FastifyInstance } from 'fastify';
import { renderAverageStats } from '../render/average-stats';
import type { SimState } from '../state/sim-state';
import { daysBetween } from '../time/zoned-time';
import { badRequest, notFound, ok } from './errors';
import { timezoneOf } from './request-context';
import { QueryReader } from './validation';

const MAX_DAYS = 100;

type AverageStatsRequest = {
  Params: { user_id: string };
  Querystring: Record<string, string | string[] | undefined>;
};

/** A1 (Asleep contract 3). The 100 days count both ends, as the contract's client reads it. */
export function averageStatsRoutes(app: FastifyInstance, state: SimState): void {
  app.get<AverageStatsRequest>('/data/v1/users/:user_id/average-stats', async (request) => {
    const query = new QueryReader(request.query);
    const startDate = query.date('start_date', true) as string;
    const endDate = query.date('end_date', true) as string;
    query.done();
    const timezone = timezoneOf(request);
    const days = daysBetween(startDate, endDate) + 1;
    if (days < 1) {
      throw badRequest('The start_date should be earlier than or equal to the end_date');
    }
    if (days > MAX_DAYS) throw badRequest('The period should be less than or equal to 100 days');
    const userId = request.params.user_id;
    if (!state.getUser(userId, request.apiKey)) {
      throw notFound(`Unable to find the user of id ${userId}`);
    }
    return ok(
      renderAverageStats(state.sessionsOf(userId, request.apiKey), {
        timezone,
        startDate,
        endDate,
      }),
    );
  });
}
