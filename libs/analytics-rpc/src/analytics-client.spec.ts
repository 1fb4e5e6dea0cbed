import { fakeAnalyticsService, scoredNight } from './testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { createAnalyticsClient, type AnalyticsClient } from './analytics-client';
import { createAnalyticsRouter } from './analytics.router';
import { registerRpcRoute } from './rpc-route';

const subject = { tenantId: 'acme', userId: 'G-20250301093015-Qw8ErTy2UiOp4AsDfGh1' };
const service = fakeAnalyticsService({
  score: async ({ sessionId }) => scoredNight(sessionId),
  rules: async () => ({ rules: { sleepDayRule: null, timezone: 'Asia/Seoul', freeDays: null } }),
});

describe('createAnalyticsClient: the gateway client of analytics-service', () => {
  let app: FastifyInstance;
  let analytics: AnalyticsClient;
  const requests: { url: string; caller: unknown }[] = [];

  beforeAll(async () => {
    app = Fastify();
    app.addHook('onRequest', async (request) => {
      requests.push({ url: request.url, caller: request.headers['x-caller'] });
    });
    registerRpcRoute(app, {
      prefix: '/rpc',
      router: createAnalyticsRouter(service),
      createContext: () => ({}),
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    analytics = createAnalyticsClient({
      baseUrl: url,
      headers: async () => ({ 'x-caller': 'gateway' }),
      timeoutMs: 5_000,
    });
  });

  afterAll(async () => {
    await analytics.close();
    await app.close();
  });

  it('sends each call as a request of its own, so none waits for a batch to gather', async () => {
    const [score, rules] = await Promise.all([
      analytics.client.score.query({ ...subject, sessionId: 's1' }),
      analytics.client.rules.query({ tenantId: 'acme' }),
    ]);
    expect(score.score).toBe(81);
    expect(rules.rules.timezone).toBe('Asia/Seoul');
    expect(requests).toHaveLength(2);
    expect(requests.map((r) => r.url.split('?')[0]).sort()).toEqual(['/rpc/rules', '/rpc/score']);
    expect(requests.some((r) => r.url.includes('batch='))).toBe(false);
    expect(requests.every((r) => r.caller === 'gateway')).toBe(true);
  });
});
