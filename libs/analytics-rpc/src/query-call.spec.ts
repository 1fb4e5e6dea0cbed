import { fakeAnalyticsService, scoredNight } from './testing';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import Fastify, { type FastifyInstance } from 'fastify';
import { type AnalyticsRouter, createAnalyticsRouter } from './analytics.router';
import { AnalyticsRpcError } from './analytics-rpc.service';
import { createQueryCall, type QueryCall } from './query-call';
import { registerRpcRoute } from './rpc-route';
import { createRpcFetch, type RpcFetch } from './rpc-fetch';
import type { PackedAverage } from './average-wire';

const subject = { tenantId: 'acme', userId: 'G-20250301093015-Qw8ErTy2UiOp4AsDfGh1' };
const average = { ...subject, start_date: '2025-03-01', end_date: '2025-03-07' };
const packed: PackedAverage = {
  period: { timezone: 'UTC', start_date: '2025-03-01', end_date: '2025-03-07' },
  peculiarities: [],
  average_stats: null,
  never_slept_sessions: [],
  slept_sessions: [['s1', 'UTC', '2025-03-01T23:00:00+00:00', null, null, 0.25]],
};
const urls: (string | undefined)[] = [];
const callers: unknown[] = [];

const service = fakeAnalyticsService({
  score: async ({ sessionId }) => {
    if (sessionId === 'gone') throw new AnalyticsRpcError('NOT_FOUND', 'session does not exist');
    if (sessionId === 'boom') throw new Error('the database is gone');
    return scoredNight(sessionId);
  },
  averagePacked: async () => packed,
});

describe('createQueryCall: a query without tRPC client, as its httpLink calls and answers it', () => {
  let app: FastifyInstance;
  let transport: RpcFetch;
  let query: QueryCall;
  let trpc: ReturnType<typeof createTRPCClient<AnalyticsRouter>>;

  beforeAll(async () => {
    app = Fastify();
    app.addHook('onRequest', async (request) => {
      urls.push(request.url);
      callers.push(request.headers['x-caller']);
    });
    registerRpcRoute(app, {
      prefix: '/rpc',
      router: createAnalyticsRouter(service),
      createContext: () => ({}),
    });
    const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/rpc`;
    transport = createRpcFetch(url, { timeoutMs: 2_000 });
    const headers = async () => ({ 'x-caller': 'gateway' });
    query = createQueryCall(url, transport.fetch, headers);
    trpc = createTRPCClient<AnalyticsRouter>({
      links: [httpLink({ url, fetch: transport.fetch, headers })],
    });
  });

  afterAll(async () => {
    await transport.close();
    await app.close();
  });

  it('sends the request httpLink sends and answers what it answers', async () => {
    urls.length = 0;
    expect(await query('score', { ...subject, sessionId: 's1' })).toEqual(
      await trpc.score.query({ ...subject, sessionId: 's1' }),
    );
    expect(await query('averagePackedV2', average)).toEqual(
      await trpc.averagePackedV2.query(average),
    );
    expect(urls[0]).toBe(urls[1]);
    expect(urls[2]).toBe(urls[3]);
    expect(callers.every((c) => c === 'gateway')).toBe(true);
  });

  it.each([
    ['gone', 'NOT_FOUND'],
    ['', 'BAD_REQUEST'],
    ['boom', 'INTERNAL_SERVER_ERROR'],
  ])('fails on session %p as httpLink does: TRPCClientError, code %s', async (sessionId, code) => {
    const input = { ...subject, sessionId };
    const ours = await query('score', input).catch((e: unknown) => e);
    const theirs = await trpc.score.query(input).catch((e: unknown) => e);
    expect(ours).toBeInstanceOf(TRPCClientError);
    expect((ours as TRPCClientError<AnalyticsRouter>).data?.code).toBe(code);
    expect((ours as Error).message).toBe((theirs as Error).message);
    expect((ours as TRPCClientError<AnalyticsRouter>).data).toEqual(
      (theirs as TRPCClientError<AnalyticsRouter>).data,
    );
  });

  it('fails as a TRPCClientError when the service cannot be reached', async () => {
    const nowhere = createRpcFetch('http://127.0.0.1:9', { timeoutMs: 500 });
    const unreachable = createQueryCall('http://127.0.0.1:9/rpc', nowhere.fetch, async () => ({}));
    await expect(unreachable('score', { ...subject, sessionId: 's1' })).rejects.toBeInstanceOf(
      TRPCClientError,
    );
    await nowhere.close();
  });
});
