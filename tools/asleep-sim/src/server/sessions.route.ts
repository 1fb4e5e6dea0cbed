import type { FastifyInstance, FastifyRequest } from 'fastify';
import { renderListItem, renderSleepData } from '../render/render-session';
import type { SimState } from '../state/sim-state';
import { calendarDateIn } from '../time/zoned-time';
import { notFound, ok } from './errors';
import { requireUserIdHeader, timezoneOf } from './request-context';
import { QueryReader } from './validation';

type SessionParams = { Params: { session_id: string } };
type ListQuery = { Querystring: Record<string, string | string[] | undefined> };

/** S1-S3 (Asleep contract 3). */
export function sessionRoutes(app: FastifyInstance, state: SimState): void {
  const ownedSession = (request: FastifyRequest, userId: string, sessionId: string) => {
    if (!state.getUser(userId, request.apiKey)) throw notFound('user does not exist');
    const session = state.getSession(sessionId, request.apiKey);
    if (!session || session.night.userId !== userId) throw notFound('session does not exist');
    return session;
  };

  app.get<SessionParams>('/data/v3/sessions/:session_id', async (request) => {
    const userId = requireUserIdHeader(request);
    const timezone = timezoneOf(request);
    return ok(renderSleepData(ownedSession(request, userId, request.params.session_id), timezone));
  });

  app.get<ListQuery>('/data/v1/sessions', async (request) => {
    const userId = requireUserIdHeader(request);
    const query = new QueryReader(request.query);
    const dateGte = query.date('date_gte', false);
    const dateLte = query.date('date_lte', false);
    const orderBy = query.oneOf('order_by', ['ASC', 'DESC'] as const, 'DESC');
    const offset = query.int('offset', 0, 0);
    const limit = query.int('limit', 20, 0, 100);
    query.done();
    const timezone = timezoneOf(request);
    if (!state.getUser(userId, request.apiKey)) throw notFound('user does not exist');
    // Date filters apply to the start date as seen in the header's zone (Asleep contract S2, 7.3).
    const sessions = state.sessionsOf(userId, request.apiKey).filter((session) => {
      const date = calendarDateIn(session.night.startMs, timezone);
      return (!dateGte || date >= dateGte) && (!dateLte || date <= dateLte);
    });
    if (orderBy === 'DESC') sessions.reverse();
    return ok({
      timezone,
      sleep_session_list: sessions
        .slice(offset, offset + limit)
        .map((session) => renderListItem(session, timezone)),
    });
  });

  app.delete<SessionParams>('/ai/v1/sessions/:session_id', async (request, reply) => {
    const userId = requireUserIdHeader(request, 'x-user-id is invalid');
    state.deleteSession(
      ownedSession(request, userId, request.params.session_id).night.sessionId,
      request.apiKey,
    );
    return reply.code(204).send();
  });
}
