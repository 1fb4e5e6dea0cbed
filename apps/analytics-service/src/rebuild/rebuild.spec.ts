import { join } from 'node:path';
import type { AnalyticsRules, SessionEvent } from '@sleep/contracts';
import { BatchingProducer, createKafka } from '@sleep/messaging';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import type { CompletedNight } from '@sleep/session-rpc';
import { Registry } from 'prom-client';
import { TenantRules } from '../settings/tenant-rules';
import { factIntents } from '../facts/fact-intents';
import { FactWriter } from '../facts/fact-writer';
import { sessionStarts } from '../facts/session-starts';
import { AnalyticsMetrics } from '../observability/analytics.metrics';
import { ReportBuilder } from '../reports/report-builder';
import {
  completedEvent,
  deletedEvent,
  progressedEvent,
  sleepData,
  uniqueUserId,
} from '../testing/session-events';
import { PROJECTION_TABLES, rebuild } from './rebuild';

const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';

describe('rebuild (real Postgres): the same rows as live ingestion', () => {
  let target: TestDatabase;
  let database: DatabaseHandle;
  let producer: BatchingProducer;

  beforeAll(async () => {
    target = await createTestDatabase('analytics_rebuild');
    database = await openDatabase({ url: target.url, schema: 'analytics' });
    await migrateDatabase(database, { migrationsFolder: join(__dirname, '../migrations') });
    producer = new BatchingProducer(
      createKafka({ brokers, clientId: 'rebuild-spec', logLevel: 'error' }),
    );
  });

  afterAll(async () => {
    await producer?.disconnect();
    await database?.close();
    await target?.drop();
  });

  const snapshot = async () =>
    Object.fromEntries(
      await Promise.all(
        [
          'nightly_facts',
          'reports',
          'insights',
          'org_user_days',
          'session_starts',
          // The atom rollups kept incrementally by trigger equal those built at once.
          'org_atom_days',
          'org_atom_values',
          'org_user_months',
          'org_open_days',
        ].map(async (table) => [
          table,
          await database.query(`select * from analytics.${table} order by 1, 2, 3, 4, 5`),
        ]),
      ),
    );

  it('live events (duplicates, a newer version, a deletion) then a rebuild into empty tables', async () => {
    const metrics = new AnalyticsMetrics(new Registry());
    const reports = new ReportBuilder(database, producer, metrics);
    reports.announce = false;
    const writer = new FactWriter(database);
    const tenant = 'acme';
    // Tenant rules change sleep days and zones: the rebuild must apply them as ingestion does.
    const rules: AnalyticsRules = {
      sleepDayRule: 'noon-anchor',
      timezone: 'America/Los_Angeles',
      // Friday and Saturday: a different chronotype in every report than the default weekend.
      freeDays: [5, 6],
    };
    await new TenantRules(database).set(tenant, rules);
    const users = [uniqueUserId(), uniqueUserId()];
    const stored: CompletedNight[] = [];
    for (const userId of users) {
      // Five weeks of nights, short ones every third night (insights), one deleted, one re-completed.
      for (let i = 0; i < 35; i++) {
        const start = new Date(Date.parse('2025-02-02T14:00:00Z') + i * 86_400_000).toISOString();
        const night = sleepData({ start, epochs: i % 3 === 0 ? 600 : 960 });
        // Every night starts (progress) first; every fifth never completes.
        const live: SessionEvent[] = [progressedEvent(tenant, userId, night)];
        if (i % 5 === 4) {
          for (const event of live)
            await writer.apply(
              [],
              sessionStarts([event], () => rules),
            );
          continue;
        }
        live.push(completedEvent(tenant, userId, night, 2));
        if (i === 10) live.push(deletedEvent(tenant, userId, night.session.id, 3));
        if (i === 11)
          live.push(
            completedEvent(tenant, userId, night, 2),
            completedEvent(tenant, userId, night, 3),
          );
        for (const event of live) {
          const result = await writer.apply(
            factIntents([event], () => rules),
            sessionStarts([event], () => rules),
          );
          await reports.onFactsChanged(result.changedDays);
        }
        if (i !== 10)
          stored.push({
            tenantId: tenant,
            asleepUserId: userId,
            sessionId: night.session.id,
            version: i === 11 ? 3 : 2,
            sleepData: night,
          });
      }
    }
    // A user with session starts only, no night completed: rollup rows from the starts alone.
    const startsOnly = uniqueUserId();
    for (const start of ['2025-02-03T14:00:00Z', '2025-02-20T14:00:00Z'])
      await writer.apply(
        [],
        sessionStarts([progressedEvent(tenant, startsOnly, sleepData({ start }))], () => rules),
      );
    const live = await snapshot();
    // 35 nights, 7 never completed, 1 deleted, per user.
    expect(live['nightly_facts']).toHaveLength(54);
    // A1's stat values written with every stat (compared with the rebuild's below).
    const facts = live['nightly_facts'] as { stat: unknown; a1_stat: unknown }[];
    expect(facts.filter((f) => f.stat !== null && Array.isArray(f.a1_stat)).length).toBeGreaterThan(
      0,
    );
    expect(facts.every((f) => (f.a1_stat === null) === (f.stat === null))).toBe(true);
    expect(live['reports'].length).toBeGreaterThan(0);
    const days = live['org_user_days'] as { started: number; completed: number; nights: number }[];
    expect(days.reduce((sum, d) => sum + d.started, 0)).toBe(2 * 34 + 2);
    expect(days.reduce((sum, d) => sum + d.completed, 0)).toBe(2 * 27);
    expect(days.reduce((sum, d) => sum + d.nights, 0)).toBe(54);

    async function* source() {
      for (const userId of users) yield stored.filter((n) => n.asleepUserId === userId);
    }
    // Row versions of the starts the rebuild keeps: replaying the nights changes none of them.
    const startVersions = () =>
      database.query(
        `select session_id, xmin::text as xmin, ctid::text as ctid from analytics.session_starts order by 1`,
      );
    const startsBefore = await startVersions();
    const result = await rebuild(database, reports, source(), metrics);
    expect(result.nights).toBe(54);
    expect(await snapshot()).toEqual(live);
    expect(startsBefore).toHaveLength(2 * 34 + 2);
    expect(await startVersions()).toEqual(startsBefore);
    expect(PROJECTION_TABLES).toContain('nightly_facts');
  }, 120_000);
});
