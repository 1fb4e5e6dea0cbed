import { fakeAnalyticsService } from '@sleep/analytics-rpc/testing';
import {
  ANALYTICS_RPC_PREFIX,
  type AnalyticsRpcService,
  createAnalyticsRouter,
  registerRpcRoute,
  SLEPT_SESSION_KEYS,
} from '@sleep/analytics-rpc';
import type { AverageStatsResult } from '@sleep/contracts';
import type { ServiceTokenSigner } from '@sleep/service-kit';
import { TRPCError } from '@trpc/server';
import Fastify, { type FastifyInstance } from 'fastify';
import { AnalyticsRpcStore } from './analytics-rpc.client';

const query = {
  tenantId: 'acme',
  userId: 'G-20250301093015-Qw8ErTy2UiOp4AsDfGh1',
  start_date: '2025-03-01',
  end_date: '2025-03-07',
  timezone: 'Asia/Seoul',
};
const answer: AverageStatsResult = {
  period: { timezone: 'Asia/Seoul', start_date: '2025-03-01', end_date: '2025-03-07' },
  peculiarities: [],
  average_stats: null,
  never_slept_sessions: [],
  slept_sessions: [],
};
let average: AnalyticsRpcService['average'] = async () => answer;
const service = fakeAnalyticsService({
  average: (q) => average(q),
});
const tokens = { headers: async () => ({}) } as unknown as ServiceTokenSigner;
/** The request paths analytics received. */
const paths: string[] = [];
/** A slept session as analytics renders one from a stored stat (`SLEPT_SESSION_KEYS`). */
const sleptSession = (id: string) =>
  Object.fromEntries(
    SLEPT_SESSION_KEYS.map((key, i) => [
      key,
      key === 'id' ? id : key.startsWith('time_') ? i * 60 : null,
    ]),
  ) as AverageStatsResult['slept_sessions'][number];

describe("AnalyticsRpcStore.average: analytics' A1 answer, or null for the Asleep fallback", () => {
  let app: FastifyInstance;
  let store: AnalyticsRpcStore;

  beforeAll(async () => {
    app = Fastify();
    registerRpcRoute(app, {
      prefix: ANALYTICS_RPC_PREFIX,
      router: createAnalyticsRouter(service),
      createContext: () => ({}),
    });
    app.addHook('onRequest', async (request) => void paths.push(request.url.split('?')[0]));
    store = new AnalyticsRpcStore(await app.listen({ port: 0, host: '127.0.0.1' }), tokens);
  });

  beforeEach(() => (paths.length = 0));

  afterAll(async () => {
    await store.close();
    await app.close();
  });

  it('passes the answer on as analytics sent it, not parsed a second time', async () => {
    // analytics' router types the answer, and `stats.average` checks its output against the A1
    // contract: a re-parse here (which drops keys it does not know) only cost CPU.
    const sent = { ...answer, served_from: 'analytics' };
    average = async () => sent;
    expect(await store.average(query)).toStrictEqual(sent);
  });

  it('reads the answer packed (slept sessions without key names) and returns the same bytes', async () => {
    const sent: AverageStatsResult = {
      ...answer,
      slept_sessions: [
        sleptSession('s1'),
        { ...sleptSession('s2'), extra: true },
        sleptSession('s3'),
      ],
    };
    average = async () => sent;
    const received = await store.average(query);
    expect(paths).toEqual([`${ANALYTICS_RPC_PREFIX}/averagePackedV2`]);
    expect(JSON.stringify(received)).toBe(JSON.stringify(sent));
  });

  it('is null when analytics holds no night of the user', async () => {
    average = async () => {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'No night stored' });
    };
    expect(await store.average(query)).toBeNull();
  });

  it('is null when analytics fails or cannot be reached', async () => {
    average = async () => {
      throw new Error('database down');
    };
    expect(await store.average(query)).toBeNull();
    const unreachable = new AnalyticsRpcStore('http://127.0.0.1:1', tokens, 1_000);
    try {
      expect(await unreachable.average(query)).toBeNull();
    } finally {
      await unreachable.close();
    }
  });
});
