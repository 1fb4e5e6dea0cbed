import { UserMetadataSchema } from '@sleep/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FailNextSchema, FaultConfigSchema } from '../faults/fault-config';
import type { Faults } from '../faults/faults';
import type { RequestCounters } from '../faults/request-counters';
import type { Night } from '../night/night';
import { AsleepHttpError } from './errors';

export const CreateSimUserSchema = z.strictObject({
  apiKey: z.string().optional(),
  nights: z.int().min(0).max(366).default(7),
  timezone: z.string().optional(),
  metadata: UserMetadataSchema.nullish(),
  lastDate: z.iso.date().optional(),
  kind: z.enum(['normal', 'never-slept', 'too-short']).optional(),
});
export type CreateSimUserInput = z.input<typeof CreateSimUserSchema>;

export interface AdminDeps {
  readonly apiKeys: readonly string[];
  readonly faults: Faults;
  readonly counters: RequestCounters;
  readonly createUserWithNights: (input: CreateSimUserInput) => { userId: string; nights: Night[] };
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new AsleepHttpError(
      400,
      result.error.issues.map((issue) => ({
        type: issue.code,
        loc: issue.path.map(String),
        msg: issue.message,
      })),
    );
  }
  return result.data;
}

/** `/_sim`: fault knobs, request counters and seeding, without an Asleep key. */
export function adminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { faults, counters } = deps;
  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/faults', async () => faults.get());
  app.put('/faults', async (request) => faults.replace(parse(FaultConfigSchema, request.body)));
  app.patch('/faults', async (request) => faults.set(parse(FaultConfigSchema, request.body)));
  app.delete('/faults', async (_request, reply) => {
    faults.reset();
    return reply.code(204).send();
  });

  app.put('/faults/outage', async (request) => {
    const { mode } = parse(
      z.strictObject({ mode: z.enum(['503', 'reset']).default('503') }),
      request.body,
    );
    faults.outage(mode);
    return faults.get();
  });
  app.delete('/faults/outage', async (_request, reply) => {
    faults.endOutage();
    return reply.code(204).send();
  });
  app.post('/faults/fail-next', async (request, reply) => {
    faults.failNext(parse(FailNextSchema, request.body));
    return reply.code(204).send();
  });

  app.get('/requests', async () => counters.snapshot());
  app.delete('/requests', async (_request, reply) => {
    counters.reset();
    return reply.code(204).send();
  });

  app.post('/users', async (request, reply) => {
    const input = parse(CreateSimUserSchema, request.body);
    if (input.apiKey !== undefined && !deps.apiKeys.includes(input.apiKey)) {
      throw new AsleepHttpError(400, `unknown API key; configured keys: ${deps.apiKeys.length}`);
    }
    const { userId, nights } = deps.createUserWithNights(input);
    return reply
      .code(201)
      .send({ user_id: userId, session_ids: nights.map((night) => night.sessionId) });
  });
}
