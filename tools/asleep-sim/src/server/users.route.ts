import { CreateUserRequestSchema, UpdateUserRequestSchema } from '@sleep/contracts';
import type { FastifyInstance } from 'fastify';
import { renderLastSessionInfo } from '../render/render-session';
import { fullMetadata, SimState } from '../state/sim-state';
import { notFound, success, unprocessable } from './errors';
import { parseOr422 } from './validation';

type UserParams = { Params: { user_id: string } };

/** U1-U4 (Asleep contract 3). */
export function userRoutes(app: FastifyInstance, state: SimState): void {
  app.post('/ai/v1/users', async (request, reply) => {
    const body = parseOr422(CreateUserRequestSchema, request.body ?? {}, ['body']);
    const user = state.addUser({ apiKey: request.apiKey, metadata: body.metadata });
    return reply.code(201).send(success({ user_id: user.userId }));
  });

  app.get<UserParams>('/ai/v1/users/:user_id', async (request) => {
    const user = state.getUser(request.params.user_id, request.apiKey);
    if (!user) throw notFound('user does not exist');
    const last = state.sessionsOf(user.userId, request.apiKey).at(-1);
    return success({
      user_id: user.userId,
      to_be_deleted: user.toBeDeleted,
      last_session_info: last ? renderLastSessionInfo(last) : null,
      metadata: user.metadata,
    });
  });

  // `metadata` is required and replaces the stored one (Asleep contract U3).
  app.put<UserParams>('/ai/v1/users/:user_id', async (request) => {
    if (request.body === undefined) {
      throw unprocessable([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
    }
    const body = parseOr422(UpdateUserRequestSchema, request.body, ['body']);
    const user = state.getUser(request.params.user_id, request.apiKey);
    if (!user) throw notFound('user not exist');
    user.metadata = fullMetadata(body.metadata);
    return success({ user_id: user.userId, metadata: user.metadata });
  });

  app.delete<UserParams>('/ai/v1/users/:user_id', async (request, reply) => {
    const deleted = state.deleteUser(request.params.user_id, request.apiKey);
    if (!deleted) throw notFound('user does not exist');
    return reply.code(204).send();
  });
}
