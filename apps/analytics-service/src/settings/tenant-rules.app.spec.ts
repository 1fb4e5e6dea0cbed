import { randomBytes } from 'node:crypto';
import { Topics } from '@sleep/contracts';
import type { AnalyticsRouter } from '@sleep/analytics-rpc';
import { TRPCClientError } from '@trpc/client';
import { publishSigned, until, useAnalyticsApp } from '../testing/analytics-app';
import { completedEvent, sleepData, uniqueUserId } from '../testing/session-events';

describe("a tenant's rules over the service's RPC (real Kafka and Postgres)", () => {
  const service = useAnalyticsApp('tenant-rules');

  it("reads a tenant's nights with its rules (sleep-day rule, zone, free days); a change recomputes the stored ones", async () => {
    const { rpc } = service;
    const rulesTenant = `rules-${randomBytes(3).toString('hex')}`;
    const userId = uniqueUserId();
    const publishNight = (start: string) =>
      publishSigned(
        service,
        Topics.sleepSessions.name,
        userId,
        completedEvent(rulesTenant, userId, sleepData({ start })),
      );
    const stored = async () =>
      (
        await service.pg.query(
          'select sleep_day::text, zone from analytics.nightly_facts where tenant_id = $1 and user_id = $2 order by start_at',
          [rulesTenant, userId],
        )
      ).rows;
    // 23:00-07:00 in Seoul: sleep day 2025-03-11 by default.
    await publishNight('2025-03-10T14:00:00Z');
    await until(stored, (rows) => rows.length === 1);

    const rules = {
      sleepDayRule: 'noon-anchor' as const,
      timezone: 'America/Los_Angeles',
      freeDays: [1],
    };
    expect(await rpc.setRules.mutate({ tenantId: rulesTenant, rules })).toEqual({ rules });
    expect(await rpc.rules.query({ tenantId: rulesTenant })).toEqual({ rules });
    expect(await rpc.rules.query({ tenantId: 'nobody-set-these' })).toEqual({
      rules: { sleepDayRule: null, timezone: null, freeDays: null },
    });

    // 07:00-15:00 Sunday in Los Angeles; its start moved back 12 h is Saturday 2025-03-15.
    await publishNight('2025-03-16T14:00:00Z');
    // The earlier night is recomputed in the background: 07:00 in Los Angeles on the 10th, its
    // start moved back 12 h is the 9th.
    const expected = [
      { sleep_day: '2025-03-09', zone: 'America/Los_Angeles' },
      { sleep_day: '2025-03-15', zone: 'America/Los_Angeles' },
    ];
    expect(
      await until(stored, (rows) => JSON.stringify(rows) === JSON.stringify(expected)),
    ).toEqual(expected);

    // Saturday is a work day for this tenant (free: Monday only).
    const regularity = await rpc.regularity.query({
      tenantId: rulesTenant,
      userId,
      from: '2025-03-15',
      to: '2025-03-15',
    });
    expect(regularity.chronotype).toMatchObject({ workNights: 1, freeNights: 0 });

    const bad = await rpc.setRules
      .mutate({ tenantId: rulesTenant, rules: { ...rules, timezone: 'Mars/Olympus' } })
      .catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(TRPCClientError);
    expect((bad as TRPCClientError<AnalyticsRouter>).message).toContain('timezone');
  }, 60_000);
});
