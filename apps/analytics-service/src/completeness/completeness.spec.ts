import { join } from 'node:path';
import type { OrgGroupStats } from '@sleep/analytics-rpc';
import { OrgStatsQuerySchema, type SessionEvent } from '@sleep/contracts';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { AnalyticsSettings } from '../analytics.settings';
import { factIntents } from '../facts/fact-intents';
import { FactWriter } from '../facts/fact-writer';
import { sessionStarts } from '../facts/session-starts';
import { readOrgStats } from '../org/org-stats';
import { OrgStatsQueries } from '../org/org-stats.queries';
import {
  completedEvent,
  progressedEvent,
  sleepData,
  uniqueUserId,
} from '../testing/session-events';
import { CompletenessMetrics } from './completeness.metrics';
import { nightsDueInWindow } from './completeness.queries';

const tenant = 'slo-acme';
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const dayOf = (ms: number) => iso(ms).slice(0, 10);
/** Midnight UTC three days ago: the due nights start two hours before it. */
const midnight = Date.UTC(
  new Date().getUTCFullYear(),
  new Date().getUTCMonth(),
  new Date().getUTCDate() - 3,
);
const dueNightStart = midnight - 2 * HOUR;
const DEADLINE_HOURS = 12;

const completedAt = (event: SessionEvent, atMs: number): SessionEvent => ({
  ...event,
  occurredAt: iso(atMs),
});

describe('data-completeness SLO (real Postgres)', () => {
  let target: TestDatabase;
  let database: DatabaseHandle;

  beforeAll(async () => {
    target = await createTestDatabase('analytics_completeness');
    database = await openDatabase({ url: target.url, schema: 'analytics' });
    await migrateDatabase(database, { migrationsFolder: join(__dirname, '../migrations') });
    const writer = new FactWriter(database);
    const write = (events: SessionEvent[]) =>
      writer.apply(factIntents(events), sessionStarts(events, undefined, DEADLINE_HOURS));
    const night = () => sleepData({ start: iso(dueNightStart), zone: 'UTC' });
    // Six nights due three days ago: three complete in time, one late (a late webhook), one
    // recovered by a backfill days later (completion without progress), one never.
    for (let i = 0; i < 6; i++) {
      const userId = uniqueUserId();
      const data = night();
      const completion = completedEvent(tenant, userId, data, 2);
      if (i < 3)
        await write([
          progressedEvent(tenant, userId, data),
          completedAt(completion, dueNightStart + 9 * HOUR),
        ]);
      else if (i === 3) {
        await write([progressedEvent(tenant, userId, data)]);
        await write([completedAt(completion, dueNightStart + 20 * HOUR)]);
      } else if (i === 4) await write([completedAt(completion, dueNightStart + 50 * HOUR)]);
      else await write([progressedEvent(tenant, userId, data)]);
    }
    // Five nights started an hour ago: not yet due.
    for (let i = 0; i < 5; i++) {
      const data = sleepData({ start: iso(Date.now() - HOUR), zone: 'UTC' });
      await write([progressedEvent(tenant, uniqueUserId(), data)]);
    }
  }, 120_000);

  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it('org.stats: on time, late (recovered), missing and pending per tenant', async () => {
    const stats = await readOrgStats(
      new OrgStatsQueries(database),
      OrgStatsQuerySchema.parse({
        tenantId: tenant,
        from: dayOf(midnight - 24 * HOUR),
        to: dayOf(Date.now() + 24 * HOUR),
      }),
      DEADLINE_HOURS,
    );
    expect((stats.total as OrgGroupStats).completenessSlo).toEqual({
      deadlineHours: DEADLINE_HOURS,
      nightsDue: 6,
      completedOnTime: 3,
      completedLate: 2,
      missing: 1,
      pending: 5,
      onTimeRatio: 0.5,
      completedRatio: 0.833,
    });
  });

  it('another tenant sees none of it', async () => {
    const stats = await readOrgStats(
      new OrgStatsQueries(database),
      OrgStatsQuerySchema.parse({
        tenantId: 'slo-other',
        from: dayOf(midnight - 24 * HOUR),
        to: dayOf(Date.now() + 24 * HOUR),
      }),
    );
    expect(stats.total).toEqual({ suppressed: true });
  });

  it('a later progress or a second completion keeps the first due and completion times', async () => {
    const rows = await database.query<{ n: number }>(
      `select count(*)::int as n from analytics.session_starts
       where tenant_id = $1 and due_at = started_at + make_interval(hours => $2)`,
      [tenant, DEADLINE_HOURS],
    );
    expect(rows[0]?.n).toBe(11);
  });

  it('metrics: platform-wide counts of the trailing week, tenants under target, no tenant label', async () => {
    expect(await nightsDueInWindow(database)).toEqual(
      expect.arrayContaining([
        { tenantId: tenant, outcome: 'on_time', nights: 3 },
        { tenantId: tenant, outcome: 'late', nights: 2 },
        { tenantId: tenant, outcome: 'missing', nights: 1 },
      ]),
    );
    const registry = new Registry();
    new CompletenessMetrics(
      registry,
      database,
      { completenessTargetPercent: 95 } as AnalyticsSettings,
      pino({ level: 'silent' }),
    );
    const text = await registry.metrics();
    expect(text).toContain('analytics_completeness_nights{outcome="on_time"} 3');
    expect(text).toContain('analytics_completeness_nights{outcome="late"} 2');
    expect(text).toContain('analytics_completeness_nights{outcome="missing"} 1');
    // Six nights due are too few to judge a tenant.
    expect(text).toContain('analytics_completeness_tenants_below_target 0');
    expect(text).not.toContain(tenant);
  });
});
