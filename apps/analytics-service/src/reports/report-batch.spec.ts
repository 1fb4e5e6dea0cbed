import { join } from 'node:path';
import { BatchingProducer } from '@sleep/messaging';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import { Registry } from 'prom-client';
import { factIntents } from '../facts/fact-intents';
import { FactWriter } from '../facts/fact-writer';
import { AnalyticsMetrics } from '../observability/analytics.metrics';
import { completedEvent, sleepData, uniqueUserId } from '../testing/session-events';
import { ReportBuilder } from './report-builder';

describe('reports of many users at once (real Postgres)', () => {
  let target: TestDatabase;
  let database: DatabaseHandle;

  beforeAll(async () => {
    target = await createTestDatabase('analytics_report_batch');
    database = await openDatabase({ url: target.url, schema: 'analytics' });
    await migrateDatabase(database, { migrationsFolder: join(__dirname, '../migrations') });
  });

  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  const snapshot = async () =>
    Object.fromEntries(
      await Promise.all(
        ['reports', 'insights'].map(async (table) => [
          table,
          await database.query(`select * from analytics.${table} order by 1, 2, 3, 4`),
        ]),
      ),
    );

  it('stores the same reports and insights as one user at a time', async () => {
    // Nothing is announced here, so no producer is needed.
    const reports = new ReportBuilder(
      database,
      {} as BatchingProducer,
      new AnalyticsMetrics(new Registry()),
    );
    reports.announce = false;
    const writer = new FactWriter(database);
    const tenant = 'acme';
    const users = [uniqueUserId(), uniqueUserId(), uniqueUserId()];
    // The zones furthest ahead of and behind UTC: the SRI's grid edges move by a day.
    const zones = ['Asia/Seoul', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
    for (const [u, userId] of users.entries()) {
      // Short nights every few days (insights), a different rhythm per user.
      const events = Array.from({ length: 28 }, (_, i) =>
        completedEvent(
          tenant,
          userId,
          sleepData({
            start: new Date(Date.parse('2025-02-02T14:00:00Z') + i * 86_400_000).toISOString(),
            epochs: i % (u + 2) === 0 ? 600 : 960,
            zone: zones[u],
          }),
        ),
      );
      await writer.apply(factIntents(events));
    }
    const periods = [
      ...['2025-02-05', '2025-02-12', '2025-02-19', '2025-02-26', '2025-02-12'].map(
        (day) => ['week', day] as const,
      ),
      ['month', '2025-02-14'] as const,
      ['month', '2025-03-03'] as const,
    ];
    const batch = [...users, uniqueUserId()].map((userId) => ({ tenantId: tenant, userId }));

    const one: unknown[] = [];
    for (const [kind, day] of periods)
      for (const { tenantId, userId } of batch)
        one.push(await reports.onDemand(tenantId, userId, kind, day));
    const oneByOne = await snapshot();
    expect(oneByOne['insights'].length).toBeGreaterThan(0);

    await database.query('truncate analytics.reports, analytics.insights');
    const many: unknown[] = [];
    for (const [kind, day] of periods) many.push(...(await reports.onDemandMany(batch, kind, day)));
    expect(await snapshot()).toEqual(oneByOne);
    expect(many).toEqual(one);
  }, 120_000);
});
