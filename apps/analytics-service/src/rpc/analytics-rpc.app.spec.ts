import type { AnalyticsRouter } from '@sleep/analytics-rpc';
import { TRPCClientError } from '@trpc/client';
import { publishSession, untilFactCount, useAnalyticsApp } from '../testing/analytics-app';
import { completedEvent, sleepData, uniqueUserId } from '../testing/session-events';

describe("the service's RPC over stored nights (real Kafka and Postgres)", () => {
  const tenant = 'acme';
  const service = useAnalyticsApp('rpc-spec');
  const publish = (userId: string, event: unknown) => publishSession(service, userId, event);
  const facts = (userId: string, n: number) => untilFactCount(service, userId, n);

  it('answers every analytics query over its RPC from the stored nights', async () => {
    const { rpc } = service;
    const userId = uniqueUserId();
    const subject = { tenantId: tenant, userId };
    // Ten nights, 23:00-07:00 in Seoul, from Monday 2025-03-03.
    const nights = Array.from({ length: 10 }, (_, i) =>
      sleepData({ start: `2025-03-${String(2 + i).padStart(2, '0')}T14:00:00Z` }),
    );
    for (const night of nights) await publish(userId, completedEvent(tenant, userId, night));
    await facts(userId, 10);

    const score = await rpc.score.query({ ...subject, sessionId: nights[0].session.id });
    expect(score).toMatchObject({ sleepDay: '2025-03-03', scoreVersion: expect.any(String) });
    expect(score.contributors).toHaveLength(6);

    const { nights: listed } = await rpc.nights.query({
      ...subject,
      from: '2025-03-03',
      to: '2025-03-09',
    });
    expect(listed.map((n) => n.sleepDay)).toEqual([
      '2025-03-03',
      '2025-03-04',
      '2025-03-05',
      '2025-03-06',
      '2025-03-07',
      '2025-03-08',
      '2025-03-09',
    ]);

    const average = await rpc.average.query({
      ...subject,
      start_date: '2025-03-02',
      end_date: '2025-03-11',
      timezone: 'Asia/Seoul',
    });
    expect(average.slept_sessions).toHaveLength(10);
    expect(average.average_stats?.start_time).toBe('23:00:00');

    const regularity = await rpc.regularity.query({
      ...subject,
      from: '2025-03-03',
      to: '2025-03-11',
    });
    expect(regularity.timezone).toBe('Asia/Seoul');
    expect(regularity.regularity.sri).toBe(100);

    const trends = await rpc.trends.query({
      ...subject,
      from: '2025-03-03',
      to: '2025-03-12',
      metric: 'time_in_sleep',
    });
    expect(trends.trend).toMatchObject({ nights: 10, direction: 'stable' });
    expect(trends.rolling7).toHaveLength(10);

    const report = await rpc.reports.get.query({ ...subject, kind: 'week', day: '2025-03-05' });
    expect(report).toMatchObject({ nightsTracked: 7, nightsSlept: 7 });
    // The week closed long ago: the first facts after its close produced it already.
    const stored = await rpc.reports.list.query({ ...subject, kind: 'week' });
    expect(stored.reports.map((r) => r.period.key)).toContain('2025-W10');

    await expect(
      rpc.average.query({ ...subject, start_date: '2025-03-11', end_date: '2025-03-02' }),
    ).rejects.toThrow(/end_date/);
    const unknown = await rpc.average
      .query({
        ...subject,
        userId: uniqueUserId(),
        start_date: '2025-03-02',
        end_date: '2025-03-11',
      })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(TRPCClientError);
    expect((unknown as TRPCClientError<AnalyticsRouter>).data?.code).toBe('NOT_FOUND');
    // Another tenant's user reads as unknown.
    await expect(
      rpc.nights.query({ tenantId: 'other', userId, from: '2025-03-03', to: '2025-03-09' }),
    ).resolves.toEqual({ nights: [] });

    await rpc.setScoreWeights.mutate({
      tenantId: tenant,
      weights: {
        duration: 100,
        efficiency: 0,
        continuity: 0,
        latency: 0,
        timing: 0,
        restoration: 0,
      },
    });
    const weighted = sleepData({ start: '2025-03-12T14:00:00Z' });
    await publish(userId, completedEvent(tenant, userId, weighted));
    await facts(userId, 11);
    const rescored = await rpc.score.query({ ...subject, sessionId: weighted.session.id });
    expect(rescored.contributors.find((c) => c.name === 'duration')?.weight).toBe(100);
    await rpc.setScoreWeights.mutate({ tenantId: tenant, weights: null });
  }, 60_000);
});
