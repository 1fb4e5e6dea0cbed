import type { TRPCError } from '@trpc/server';
import { createAnalyticsRouter } from './analytics.router';
import type { AverageStatsResult } from '@sleep/contracts';
import { AnalyticsRpcError, type AnalyticsRpcService } from './analytics-rpc.service';
import { packAverage, type PackedAverage, SLEPT_SESSION_KEYS } from './average-wire';
import { fakeAnalyticsService } from './testing';

const calls: unknown[] = [];
const answer = async (input: unknown) => {
  calls.push(input);
  return {} as never;
};
const service: AnalyticsRpcService = {
  score: async () => {
    throw new AnalyticsRpcError('NOT_FOUND', 'session does not exist');
  },
  nights: answer,
  average: answer,
  regularity: answer,
  trends: answer,
  listReports: answer,
  getReport: answer,
  insights: answer,
  setScoreWeights: answer,
  setRules: answer,
  rules: answer,
  orgStats: answer,
  removeTenant: answer,
  exportFacts: answer,
};

const rpc = createAnalyticsRouter(service).createCaller({});
const subject = { tenantId: 'acme', userId: 'G-20250301093015-Qw8ErTy2UiOp4AsDfGh1' };
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: TRPCError) => ({ code: error.code, message: error.message }),
  );

describe('analytics router', () => {
  beforeEach(() => (calls.length = 0));

  it('rejects dates out of order, windows over 100 days and unknown zones, naming the field', async () => {
    const outOfOrder = await failure(
      rpc.nights({ ...subject, from: '2025-03-10', to: '2025-03-01' }),
    );
    expect(outOfOrder?.code).toBe('BAD_REQUEST');
    expect(outOfOrder?.message).toContain('"to"');
    const tooLong = await failure(
      rpc.average({ ...subject, start_date: '2025-01-01', end_date: '2025-04-11' }),
    );
    expect(tooLong?.code).toBe('BAD_REQUEST');
    expect(tooLong?.message).toContain('end_date');
    const zone = await failure(
      rpc.regularity({
        ...subject,
        from: '2025-03-01',
        to: '2025-03-10',
        timezone: 'Mars/Olympus',
      }),
    );
    expect(zone?.code).toBe('BAD_REQUEST');
    expect(zone?.message).toContain('timezone');
    const weights = await failure(
      rpc.setScoreWeights({
        tenantId: 'acme',
        weights: {
          duration: 50,
          efficiency: 50,
          continuity: 10,
          latency: 0,
          timing: 0,
          restoration: 0,
        },
      }),
    );
    expect(weights?.message).toContain('weights');
    expect(calls).toEqual([]);
  });

  it('accepts a 100-day window and applies defaults', async () => {
    await rpc.average({ ...subject, start_date: '2025-01-01', end_date: '2025-04-10' });
    await rpc.nights({ ...subject, from: '2025-03-01', to: '2025-03-01' });
    expect(calls).toEqual([
      { ...subject, start_date: '2025-01-01', end_date: '2025-04-10', timezone: 'UTC' },
      { ...subject, from: '2025-03-01', to: '2025-03-01', includeNaps: false },
    ]);
  });

  it('passes the service\u2019s error codes through', async () => {
    expect(await failure(rpc.score({ ...subject, sessionId: 's' }))).toEqual({
      code: 'NOT_FOUND',
      message: 'session does not exist',
    });
  });

  it("answers averagePackedV2 with the service's own packed answer when it has one, else packs average's", async () => {
    const query = { ...subject, start_date: '2025-01-01', end_date: '2025-04-10' };
    const slept = Object.fromEntries(SLEPT_SESSION_KEYS.map((key) => [key, null]));
    const unpacked = { slept_sessions: [slept] } as unknown as AverageStatsResult;
    const packedBy = (service: Partial<AnalyticsRpcService>) =>
      createAnalyticsRouter(fakeAnalyticsService(service)).createCaller({}).averagePackedV2(query);
    expect(await packedBy({ average: async () => unpacked })).toEqual(packAverage(unpacked));
    const own = { slept_sessions: [['own']] } as unknown as PackedAverage;
    expect(
      await packedBy({
        average: async () => unpacked,
        averagePacked: async () => own,
      }),
    ).toBe(own);
  });
});
