import { join } from 'node:path';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import { completedEvent, deletedEvent, sleepData, uniqueUserId } from '../testing/session-events';
import { SCORE_VERSION } from '@sleep/sleep-metrics';
import { factIntents } from './fact-intents';
import { FactWriter } from './fact-writer';
import { scoreDetailOf, type StoredScoreDetail } from '../scoring/stored-score';

interface Row {
  session_id: string;
  version: number;
  sleep_day: string;
  start_date: string;
  is_nap: boolean;
  is_main_sleep: boolean;
  slept: boolean;
  zone: string;
  stages: number;
}

describe('nightly facts (real Postgres)', () => {
  let target: TestDatabase;
  let database: DatabaseHandle;
  let writer: FactWriter;
  const tenant = 'acme';

  beforeAll(async () => {
    target = await createTestDatabase('analytics_facts');
    database = await openDatabase({ url: target.url, schema: 'analytics' });
    await migrateDatabase(database, { migrationsFolder: join(__dirname, '../migrations') });
    writer = new FactWriter(database);
  });

  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  const facts = (userId: string) =>
    database.query<Row>(
      `select session_id, version, sleep_day::text, start_date::text, is_nap, is_main_sleep, slept, zone,
              length(sleep_stages) as stages
       from nightly_facts where tenant_id = $1 and user_id = $2 order by start_at`,
      [tenant, userId],
    );

  it('stores a night keyed by its sleep day (end date in its zone), start date kept for A1', async () => {
    const userId = uniqueUserId();
    // 23:00 Mon to 07:00 Tue in Seoul.
    const night = sleepData({ start: '2025-03-10T14:00:00Z' });
    const result = await writer.apply(factIntents([completedEvent(tenant, userId, night)]));
    expect(result).toMatchObject({ stored: 1, deleted: 0, skipped: [] });
    expect(await facts(userId)).toEqual([
      {
        session_id: night.session.id,
        version: 1,
        sleep_day: '2025-03-11',
        start_date: '2025-03-10',
        is_nap: false,
        is_main_sleep: true,
        slept: true,
        zone: 'Asia/Seoul',
        stages: 960,
      },
    ]);
  });

  it('is idempotent under redelivery, and an older version never overwrites a newer one', async () => {
    const userId = uniqueUserId();
    const night = sleepData({ start: '2025-03-10T14:00:00Z' });
    const moved = { ...night, session: { ...night.session, created_timezone: 'UTC' } };
    await writer.apply(factIntents([completedEvent(tenant, userId, moved, 3)]));
    const again = await writer.apply(
      factIntents([
        completedEvent(tenant, userId, night, 2),
        completedEvent(tenant, userId, moved, 3),
      ]),
    );
    expect(again.stored).toBe(0);
    expect(await facts(userId)).toMatchObject([
      { version: 3, zone: 'UTC', sleep_day: '2025-03-10' },
    ]);
  });

  it('removes a deleted night, recomputes the main sleep, and never resurrects it', async () => {
    const userId = uniqueUserId();
    const long = sleepData({ start: '2025-03-10T14:00:00Z' });
    const short = sleepData({ start: '2025-03-10T19:00:00Z', epochs: 300 });
    await writer.apply(
      factIntents([completedEvent(tenant, userId, long), completedEvent(tenant, userId, short)]),
    );
    expect((await facts(userId)).map((r) => r.is_main_sleep)).toEqual([true, false]);
    const deleted = await writer.apply(
      factIntents([deletedEvent(tenant, userId, long.session.id, 2)]),
    );
    expect(deleted.deleted).toBe(1);
    expect(await facts(userId)).toMatchObject([
      { session_id: short.session.id, is_main_sleep: true },
    ]);
    await writer.apply(factIntents([completedEvent(tenant, userId, long, 1)]));
    expect(await facts(userId)).toHaveLength(1);
  });

  it('flags naps, keeps never-slept nights as unslept facts; a nap is never a main sleep', async () => {
    const userId = uniqueUserId();
    // 14:00 Seoul for an hour: a nap.
    const nap = sleepData({ start: '2025-03-11T05:00:00Z', epochs: 120 });
    const awake = sleepData({ start: '2025-03-12T14:00:00Z', neverSlept: true });
    await writer.apply(
      factIntents([completedEvent(tenant, userId, nap), completedEvent(tenant, userId, awake)]),
    );
    expect(await facts(userId)).toMatchObject([
      { is_nap: true, is_main_sleep: false, slept: true },
      { is_nap: false, is_main_sleep: true, slept: false },
    ]);
  });

  it('scores every slept night at ingest with its version and contributors', async () => {
    const userId = uniqueUserId();
    const night = sleepData({ start: '2025-03-10T14:00:00Z' });
    const awake = sleepData({ start: '2025-03-12T14:00:00Z', neverSlept: true });
    await writer.apply(
      factIntents([completedEvent(tenant, userId, night), completedEvent(tenant, userId, awake)]),
    );
    const rows = await database.query<{
      score: number | null;
      score_version: string;
      score_detail: StoredScoreDetail;
    }>(
      'select score, score_version, score_detail from nightly_facts where user_id = $1 order by start_at',
      [userId],
    );
    expect(rows[0].score).toEqual(expect.any(Number));
    expect(rows[0].score_version).toBe(SCORE_VERSION);
    expect(scoreDetailOf(rows[0].score_detail)).toMatchObject({ reason: null });
    expect(scoreDetailOf(rows[0].score_detail).contributors).toHaveLength(6);
    expect(rows[1]).toMatchObject({ score: null });
    expect(scoreDetailOf(rows[1].score_detail)).toEqual({ reason: 'no-stats', contributors: [] });
  });

  it('skips a night whose facts are incomplete, with the reason', async () => {
    const userId = uniqueUserId();
    const night = sleepData({ start: '2025-03-10T14:00:00Z' });
    const open = { ...night, session: { ...night.session, end_time: null } };
    const result = await writer.apply(factIntents([completedEvent(tenant, userId, open)]));
    expect(result.skipped).toEqual(['no-end-time']);
    expect(await facts(userId)).toEqual([]);
    expect(
      await database.query('select reason from skipped_nights where user_id = $1', [userId]),
    ).toEqual([{ reason: 'no-end-time' }]);
  });
});
