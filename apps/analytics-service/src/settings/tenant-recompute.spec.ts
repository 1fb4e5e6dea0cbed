import { join } from 'node:path';
import type { AnalyticsRules, ScoreWeightsInput, SessionEvent } from '@sleep/contracts';
import type { BatchingProducer } from '@sleep/messaging';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import pino from 'pino';
import { Registry } from 'prom-client';
import { factIntents } from '../facts/fact-intents';
import { FactWriter } from '../facts/fact-writer';
import { sessionStarts } from '../facts/session-starts';
import { AnalyticsMetrics } from '../observability/analytics.metrics';
import { ReportBuilder } from '../reports/report-builder';
import { AnalyticsRpcServiceImpl } from '../rpc/analytics-rpc.service';
import {
  completedEvent,
  progressedEvent,
  sleepData,
  uniqueUserId,
} from '../testing/session-events';
import { pendingRecomputes } from './tenant-recompute';
import { TenantRecomputeJob } from './tenant-recompute.job';

const NEW_RULES: AnalyticsRules = {
  sleepDayRule: 'noon-anchor',
  timezone: 'America/New_York',
  freeDays: [5, 6],
};
const NEW_WEIGHTS: ScoreWeightsInput = {
  duration: 40,
  efficiency: 20,
  continuity: 10,
  latency: 10,
  timing: 10,
  restoration: 10,
};
const HOUR = 3_600_000;

/** Nights at hours that the rule and the zone place differently, and afternoon naps in Seoul. */
function eventsOf(userId: string, u: number): SessionEvent[] {
  const events: SessionEvent[] = [];
  for (let n = 0; n < 12; n++) {
    const base = Date.parse('2025-03-01T00:00:00Z') + n * 24 * HOUR;
    const startHour = [14, 2, 20][(u + n) % 3] as number;
    const night = sleepData({
      start: new Date(base + startHour * HOUR).toISOString(),
      epochs: 700 + ((u * 37 + n * 11) % 300),
    });
    events.push(progressedEvent('x', userId, night), completedEvent('x', userId, night, 2));
    if (n % 4 === 0) {
      const nap = sleepData({ start: new Date(base + 5 * HOUR).toISOString(), epochs: 200 });
      events.push(completedEvent('x', userId, nap, 1));
    }
  }
  return events;
}

describe('a settings change recomputes stored nights and rollups (real Postgres)', () => {
  let target: TestDatabase;
  let database: DatabaseHandle;

  beforeAll(async () => {
    target = await createTestDatabase('analytics_tenant_recompute');
    database = await openDatabase({ url: target.url, schema: 'analytics' });
    await migrateDatabase(database, { migrationsFolder: join(__dirname, '../migrations') });
  });

  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  const rows = (table: string, tenantId: string, columns: string) =>
    database.query(`select ${columns} from analytics.${table} where tenant_id = $1 order by 1, 2`, [
      tenantId,
    ]);
  const snapshot = async (tenantId: string) => ({
    facts: await rows(
      'nightly_facts',
      tenantId,
      `user_id, session_id, version, zone, start_date::text, sleep_day::text, is_nap, is_main_sleep,
       score, score_version, score_detail`,
    ),
    starts: await rows(
      'session_starts',
      tenantId,
      'user_id, session_id, day::text, completed, started_at, due_at, completed_at',
    ),
    // Weekly and monthly reports (insight ids are global: both tenants share them here).
    reports: await database.query(
      `select user_id, kind, period_start::text, period_end::text, zone, body from analytics.reports
       where tenant_id = $1 order by 1, 2, 3`,
      [tenantId],
    ),
    rollups: await rows(
      'org_user_days',
      tenantId,
      `user_id, day::text, nights, started, completed, score, time_in_sleep, efficiency, latency,
       completed_on_time, completed_late, open, open_due_at`,
    ),
    // The atom rollups the statistics read (built at a recompute's end, kept by triggers live).
    atoms: await database.query(
      `select atom, day::text, users, nights, started, completed, completed_on_time, completed_late
       from analytics.org_atom_days where tenant_id = $1 order by 1, 2`,
      [tenantId],
    ),
    values: await database.query(
      `select atom, metric, value, month::text, running from analytics.org_atom_values
       where tenant_id = $1 order by 1, 2, 3, 4`,
      [tenantId],
    ),
    months: await rows(
      'org_user_months',
      tenantId,
      'user_id, month::text, atom, days, active_days',
    ),
    open: await rows('org_open_days', tenantId, 'user_id, day::text, atom, open, open_due_at'),
  });

  it('gives the rows and reports live ingestion under the new rule, zone and weights would have given', async () => {
    const writer = new FactWriter(database);
    const metrics = new AnalyticsMetrics(new Registry());
    const job = new TenantRecomputeJob(database, metrics, pino({ level: 'silent' }));
    const reports = new ReportBuilder(database, {} as BatchingProducer, metrics);
    reports.announce = false;
    const service = new AnalyticsRpcServiceImpl(
      database,
      reports,
      { completenessDeadlineHours: 18 },
      job,
    );
    // `changed` ingests under the defaults and then changes its settings; `reference` has the
    // new settings from the start. Same users, same events.
    await service.setRules({ tenantId: 'reference', rules: NEW_RULES });
    await service.setScoreWeights({ tenantId: 'reference', weights: NEW_WEIGHTS });
    await job.kick();
    for (const [u, userId] of Array.from({ length: 6 }, () => uniqueUserId()).entries()) {
      const events = eventsOf(userId, u);
      for (const [tenantId, rules] of [
        ['changed', undefined],
        ['reference', NEW_RULES],
      ] as const) {
        const own = events.map((e) => ({ ...e, tenantId }));
        const { changedDays } = await writer.apply(
          factIntents(own, () => rules),
          sessionStarts(own, () => rules),
        );
        await reports.onFactsChanged(changedDays);
      }
    }
    const before = await snapshot('changed');
    expect(before).not.toEqual(await snapshot('reference'));
    // Reports read the sleep days, free days (chronotype) and scores the settings change.
    expect(before.reports.length).toBeGreaterThan(0);
    expect(before.reports).not.toEqual((await snapshot('reference')).reports);

    await service.setRules({ tenantId: 'changed', rules: NEW_RULES });
    await service.setScoreWeights({ tenantId: 'changed', weights: NEW_WEIGHTS });
    await job.kick();
    await job.kick();
    expect(await pendingRecomputes(database)).toEqual([]);
    const after = await snapshot('changed');
    expect(after).toEqual(await snapshot('reference'));
    // Sleep days moved, naps in Seoul's afternoon are nights in New York, scores changed.
    expect(after.facts.filter((f) => f['is_nap'])).not.toEqual(
      before.facts.filter((f) => f['is_nap']),
    );
    // Each tenant's recompute was timed (a change arriving during one may add a pass).
    const timed = (await metrics.tenantRecomputeSeconds.get()).values.find((v) =>
      v.metricName?.endsWith('_count'),
    );
    expect(timed?.value).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('a recompute with nothing changed changes nothing', async () => {
    const before = await snapshot('reference');
    await database.query(
      `update analytics.tenant_settings set recompute_requested_at = clock_timestamp() where tenant_id = 'reference'`,
    );
    await new TenantRecomputeJob(
      database,
      new AnalyticsMetrics(new Registry()),
      pino({ level: 'silent' }),
    ).kick();
    expect(await snapshot('reference')).toEqual(before);
    expect(await pendingRecomputes(database)).toEqual([]);
  });
});
