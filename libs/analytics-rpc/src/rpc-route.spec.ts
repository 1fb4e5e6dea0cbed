import { fakeAnalyticsService, scoredNight } from './testing';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { createAnalyticsRouter } from './analytics.router';
import { AnalyticsRpcError } from './analytics-rpc.service';
import { registerRpcRoute } from './rpc-route';

const subject = { tenantId: 'acme', userId: 'G-20250301093015-Qw8ErTy2UiOp4AsDfGh1' };
const service = fakeAnalyticsService({
  score: async ({ sessionId }) => {
    if (sessionId === 'gone') throw new AnalyticsRpcError('NOT_FOUND', 'session does not exist');
    if (sessionId === 'broken') throw new Error('db at 10.0.0.5 is down');
    return scoredNight(sessionId);
  },
  listReports: async () => ({ reports: [] }),
  removeTenant: async ({ tenantId }) => ({ tenantId, rowsRemoved: 3 }),
  rules: async ({ tenantId }) => ({
    rules: {
      sleepDayRule: null,
      timezone: tenantId === 'acme' ? 'Asia/Seoul' : null,
      freeDays: null,
    },
  }),
});

const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));
const batch = (inputs: unknown[]) => input(Object.fromEntries(inputs.map((v, i) => [i, v])));
const score = (sessionId: string) => ({ ...subject, sessionId });
const REQUESTS: { name: string; method?: string; url: string; body?: string }[] = [
  { name: 'single query', url: `/rpc/score?input=${input(score('s1'))}` },
  { name: 'batch of one', url: `/rpc/score?batch=1&input=${batch([score('s1')])}` },
  { name: 'nested procedure', url: `/rpc/reports.list?input=${input({ ...subject, limit: 5 })}` },
  {
    name: 'mixed batch',
    url: `/rpc/score,rules,score?batch=1&input=${batch([score('s2'), { tenantId: 'acme' }, score('gone')])}`,
  },
  { name: 'service error', url: `/rpc/score?input=${input(score('gone'))}` },
  { name: 'unexpected error', url: `/rpc/score?batch=1&input=${batch([score('broken')])}` },
  { name: 'invalid input', url: `/rpc/score?input=${input(score(''))}` },
  { name: 'no input', url: '/rpc/score' },
  { name: 'malformed input', url: '/rpc/score?batch=1&input=%7Bnope' },
  { name: 'unknown procedure', url: `/rpc/nope?batch=1&input=${batch([{}])}` },
  { name: 'mutation over GET', url: `/rpc/removeTenant?input=${input({ tenantId: 'acme' })}` },
  {
    name: 'mutation',
    method: 'POST',
    url: '/rpc/removeTenant?batch=1',
    body: JSON.stringify({ 0: { tenantId: 'acme' } }),
  },
];

describe('the analytics RPC route answers exactly as tRPC’s own Fastify plugin', () => {
  let official: FastifyInstance;
  let ours: FastifyInstance;
  const errors: { ours: string[]; official: string[] } = { ours: [], official: [] };
  const contextOf = (req: { headers: Record<string, unknown> }) => ({
    caller: req.headers['x-caller'] as string | undefined,
  });

  beforeAll(async () => {
    const router = createAnalyticsRouter(service);
    official = Fastify();
    await official.register(fastifyTRPCPlugin, {
      prefix: '/rpc',
      trpcOptions: {
        router,
        createContext: ({ req }: { req: { headers: Record<string, unknown> } }) => contextOf(req),
        onError: ({ error }: { error: { code: string } }) => errors.official.push(error.code),
      },
    });
    ours = Fastify();
    registerRpcRoute(ours, {
      prefix: '/rpc',
      router,
      createContext: ({ req }) => contextOf(req),
      onError: ({ error }) => errors.ours.push(error.code),
    });
    await Promise.all([official.ready(), ours.ready()]);
  });
  afterAll(() => Promise.all([official.close(), ours.close()]));

  it.each(REQUESTS)('$name', async ({ method = 'GET', url, body }) => {
    errors.ours.length = 0;
    errors.official.length = 0;
    const request = {
      method: method as 'GET' | 'POST',
      url,
      payload: body,
      headers: { 'x-caller': 'gateway', ...(body ? { 'content-type': 'application/json' } : {}) },
    };
    const [expected, actual] = await Promise.all([official.inject(request), ours.inject(request)]);
    expect(actual.statusCode).toBe(expected.statusCode);
    expect(JSON.parse(actual.body)).toEqual(JSON.parse(expected.body));
    for (const header of ['content-type', 'vary'])
      expect(actual.headers[header]).toEqual(expected.headers[header]);
    expect(errors.ours).toEqual(errors.official);
  });

  it('sends a query’s answer in one piece with its length, where the official plugin streams it', async () => {
    const request = { method: 'GET' as const, url: `/rpc/score?input=${input(score('s1'))}` };
    const [streamed, whole] = await Promise.all([official.inject(request), ours.inject(request)]);
    expect(streamed.headers['transfer-encoding']).toBe('chunked');
    expect(whole.headers['content-length']).toBe(String(Buffer.byteLength(whole.body)));
    expect(whole.headers['transfer-encoding']).toBeUndefined();
  });
});
