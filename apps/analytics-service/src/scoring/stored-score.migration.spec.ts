import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import { scoreNight } from '@sleep/sleep-metrics';
import { encodeStages } from '../facts/nightly-fact';
import { FactQueries } from '../rpc/fact-queries';
import { scoredNights } from '../testing/scored-nights';
import { scoreDetailOf } from './stored-score';

const MIGRATIONS = join(__dirname, '../migrations');

/** The migrations before 0014 only: the journal cut before it. */
function migrationsBeforeCompactScores(): string {
  const folder = mkdtempSync(join(tmpdir(), 'analytics-migrations-'));
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalPath = join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const upTo = journal.entries.findIndex((e) => e.tag === '0014_compact_score_detail');
  journal.entries = journal.entries.slice(0, upTo);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

describe('migration 0014: score details stored whole become numbers (real Postgres)', () => {
  let target: TestDatabase;
  let database: DatabaseHandle;
  let folder: string;
  const tenant = 'acme';
  const userId = 'G-20250301093015-Scored';
  const nights = scoredNights(120, 7);

  beforeAll(async () => {
    folder = migrationsBeforeCompactScores();
    target = await createTestDatabase('analytics_compact_scores');
    database = await openDatabase({ url: target.url, schema: 'analytics' });
    await migrateDatabase(database, { migrationsFolder: folder });
  });

  afterAll(async () => {
    await database?.close();
    await target?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  /** A night as the service stored it before 0014: the rendered score minus score and version. */
  async function storeWhole(
    sessionId: string,
    night: (typeof nights)[number],
    whole: { score: number | null; scoreVersion: string; detail: unknown },
  ) {
    const { fact } = night;
    await database.query(
      `insert into analytics.nightly_facts (tenant_id, user_id, session_id, version, start_at, end_at,
         zone, peculiarities, stat, slept, sleep_stages, start_date, sleep_day, is_nap, is_main_sleep,
         score, score_version, score_detail)
       values ($1, $2, $3, 1, $4, $5, $6, $7, $8, true, $9, $10, $10, false, true, $11, $12, $13)`,
      [
        tenant,
        userId,
        sessionId,
        fact.startTime,
        fact.endTime,
        fact.timezone,
        fact.peculiarities,
        fact.stat && JSON.stringify(fact.stat),
        encodeStages(fact.sleepStages),
        fact.sleepDay,
        whole.score,
        whole.scoreVersion,
        JSON.stringify(whole.detail),
      ],
    );
  }

  it('answers every night the same before and after, and keeps whole what it cannot prove', async () => {
    for (const night of nights) {
      const { score, scoreVersion, ...detail } = scoreNight(night.fact, night.context);
      await storeWhole(night.fact.sessionId, night, { score, scoreVersion, detail });
    }
    // Another score version's detail, and one whose wording is not this version's: kept whole.
    const scored = nights.find((n, i) => i > 20 && scoreNight(n.fact, n.context).score !== null)!;
    const { score, scoreVersion: _, ...detail } = scoreNight(scored.fact, scored.context);
    await storeWhole('other-version', scored, {
      score,
      scoreVersion: 'sleep-score-0',
      detail,
    });
    const reworded = {
      contributors: detail.contributors.map((c, i) =>
        i === 3 ? { ...c, explanation: `${c.explanation} ` } : c,
      ),
    };
    await storeWhole('reworded', scored, {
      score,
      scoreVersion: 'sleep-score-1',
      detail: reworded,
    });

    const queries = new FactQueries(database);
    const sessions = [...nights.map((n) => n.fact.sessionId), 'other-version', 'reworded'];
    const answers = async () => {
      const all: string[] = [];
      for (const sessionId of sessions) {
        const row = await queries.score(tenant, userId, sessionId);
        if (!row) throw new Error(`${sessionId} is not stored`);
        const { score_detail, ...columns } = row;
        all.push(JSON.stringify({ ...columns, ...scoreDetailOf(score_detail) }));
      }
      return all;
    };
    const before = await answers();
    const size = async () =>
      (
        await database.query<{ bytes: number }>(
          `select sum(pg_column_size(score_detail))::int as bytes from analytics.nightly_facts`,
        )
      )[0].bytes;
    const bytesBefore = await size();

    await migrateDatabase(database, { migrationsFolder: MIGRATIONS });

    const after = await answers();
    expect(after).toEqual(before);
    const kinds = await database.query<{ session_id: string; kind: string }>(
      `select session_id, jsonb_typeof(score_detail) as kind from analytics.nightly_facts order by session_id`,
    );
    const kindOf = new Map(kinds.map((k) => [k.session_id, k.kind]));
    for (const { fact, context } of nights) {
      expect([fact.sessionId, kindOf.get(fact.sessionId)]).toEqual([
        fact.sessionId,
        scoreNight(fact, context).score === null ? 'string' : 'array',
      ]);
    }
    expect(kindOf.get('other-version')).toBe('object');
    expect(kindOf.get('reworded')).toBe('object');
    expect((await size()) * 2).toBeLessThan(bytesBefore);
  });
});
