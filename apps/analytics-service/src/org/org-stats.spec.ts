import { join } from 'node:path';
import type { OrgGroupStats, OrgStatsResult } from '@sleep/analytics-rpc';
import {
  type Gender,
  OrgStatsQuerySchema,
  type SessionEvent,
  USER_PROFILE_UPDATED,
} from '@sleep/contracts';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import { distributionOf } from '@sleep/sleep-metrics';
import { factIntents } from '../facts/fact-intents';
import { FactWriter } from '../facts/fact-writer';
import { sessionStarts } from '../facts/session-starts';
import {
  completedEvent,
  progressedEvent,
  sleepData,
  uniqueUserId,
} from '../testing/session-events';
import { ProfileEventsHandler } from '../users/profile-events.handler';
import { readOrgStats } from './org-stats';
import { OrgStatsQueries } from './org-stats.queries';

const tenant = 'acme';
const DAY_MS = 86_400_000;
/** Sleep day n of March 2025 (a night from 23:00 to 07:00 in Seoul ends on it). */
const day = (n: number) => `2025-03-${String(n).padStart(2, '0')}`;
const nightOf = (n: number, epochs = 960) =>
  sleepData({
    start: new Date(Date.parse(`${day(n)}T00:00:00Z`) - 10 * 3_600_000).toISOString(),
    epochs,
  });

interface Person {
  userId: string;
  birthYear: number;
  gender: Gender;
  tags: string[];
  days: number[];
}

const people = (count: number, template: Omit<Person, 'userId'>): Person[] =>
  Array.from({ length: count }, () => ({ userId: uniqueUserId(), ...template }));

const ALL_DAYS = Array.from({ length: 10 }, (_, i) => i + 1);
const women = people(6, { birthYear: 1990, gender: 'female', tags: ['team:a'], days: ALL_DAYS });
const men = people(5, { birthYear: 1970, gender: 'male', tags: ['team:b'], days: ALL_DAYS });
/** The only 65+ woman: tracked on day 3 with everyone, and alone on day 11. */
const [loner] = people(1, { birthYear: 1950, gender: 'female', tags: ['team:a'], days: [3, 11] });
/** Exactly like the men, but tracked once, alone, on day 12. */
const [lateMan] = people(1, { birthYear: 1970, gender: 'male', tags: ['team:b'], days: [12] });
const everyone = [...women, ...men, loner as Person, lateMan as Person];

const DIMENSION_SETS = [
  [],
  ['ageBand'],
  ['gender'],
  ['tag:team'],
  ['ageBand', 'gender'],
  ['gender', 'ageBand'],
  ['ageBand', 'tag:team'],
  ['tag:team', 'ageBand'],
  ['gender', 'tag:team'],
  ['tag:team', 'gender'],
];

describe('tenant statistics (real Postgres)', () => {
  let target: TestDatabase;
  let database: DatabaseHandle;
  let writer: FactWriter;
  let queries: OrgStatsQueries;
  const ask = (from: string, to: string, dimensions: string[] = [], minGroupSize = 5) =>
    readOrgStats(
      queries,
      OrgStatsQuerySchema.parse({ tenantId: tenant, from, to, dimensions, minGroupSize }),
    );
  const write = (events: SessionEvent[]) =>
    writer.apply(factIntents(events), sessionStarts(events));

  beforeAll(async () => {
    target = await createTestDatabase('analytics_org_stats');
    database = await openDatabase({ url: target.url, schema: 'analytics' });
    await migrateDatabase(database, { migrationsFolder: join(__dirname, '../migrations') });
    writer = new FactWriter(database);
    queries = new OrgStatsQueries(database);
    const profiles = new ProfileEventsHandler(database);
    for (const [i, person] of everyone.entries()) {
      await profiles.apply({
        eventId: `p${i}`,
        type: USER_PROFILE_UPDATED,
        version: 1,
        occurredAt: new Date().toISOString(),
        tenantId: tenant,
        key: person.userId,
        payload: {
          userId: person.userId,
          birthYear: person.birthYear,
          gender: person.gender,
          tags: person.tags,
        },
      });
      for (const n of person.days) {
        // Lengths differ per person and night, so distributions are not flat.
        const night = nightOf(n, 800 + ((i * 37 + n * 11) % 160));
        await write([
          progressedEvent(tenant, person.userId, night),
          completedEvent(tenant, person.userId, night, 2),
        ]);
      }
    }
    // One night of the first woman started on day 5 and never completed.
    await write([progressedEvent(tenant, (women[0] as Person).userId, nightOf(5, 100))]);
  }, 120_000);

  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it('counts active users, nights, completeness; distributions are the pure definitions', async () => {
    const stats = await ask(day(1), day(10));
    const total = stats.total as OrgGroupStats;
    expect(total.suppressed).toBe(false);
    // The 65+ woman is alone in her combination of age band, gender and team: in no number.
    expect(total.activeUsers).toBe(11);
    expect(total.nights).toBe(110);
    expect(total.nightsPerDay).toBe(11);
    // Starts count on their night's sleep day; the open one started at 23:00 on the 4th: the 5th.
    expect(total.nightsStarted).toBe(111);
    expect(total.nightsCompleted).toBe(110);
    expect(total.trackingCompleteness).toBe(0.991);
    const included = new Set([...women, ...men].map((p) => p.userId));
    const rows = await database.query<{ user_id: string; tis: number; score: number | null }>(
      `select user_id, (stat->>'time_in_sleep')::int as tis, score from analytics.nightly_facts
       where tenant_id = $1 and sleep_day between $2 and $3 and is_main_sleep and slept`,
      [tenant, day(1), day(10)],
    );
    const mine = rows.filter((r) => included.has(r.user_id));
    expect(total.timeInSleep).toEqual(
      distributionOf(
        mine.map((r) => r.tis),
        0,
      ),
    );
    expect(total.score).toEqual(
      distributionOf(
        mine.flatMap((r) => (r.score === null ? [] : [r.score])),
        1,
      ),
    );
    expect(total.sri).toBeNull();
  });

  it('breaks down by age band, gender and tag; k comes from the caller', async () => {
    const byGender = await ask(day(1), day(10), ['gender']);
    expect(byGender.groups.map((g) => [g.group, g.suppressed])).toEqual([
      [{ gender: 'female' }, false],
      [{ gender: 'male' }, false],
    ]);
    const strict = await ask(day(1), day(10), ['gender'], 6);
    // Five men are under k = 6: counted nowhere, not even in the total.
    expect(strict.groups).toEqual([
      expect.objectContaining({ group: { gender: 'female' }, suppressed: false, activeUsers: 6 }),
      { group: { gender: 'male' }, suppressed: true },
    ]);
    expect(strict.total).toMatchObject({ activeUsers: 6 });
    const two = await ask(day(1), day(10), ['tag:team', 'ageBand']);
    expect(two.groups.map((g) => g.group)).toEqual([
      { 'tag:team': 'a', ageBand: '30-44' },
      { 'tag:team': 'a', ageBand: '65+' },
      { 'tag:team': 'b', ageBand: '45-64' },
    ]);
    expect(two.groups.map((g) => g.suppressed)).toEqual([false, true, false]);
  });

  it('no answer the API allows depends on a lone user’s night: re-identification fails', async () => {
    // Every window of days 1-12 and every breakdown the API allows, before and after the two
    // lone users' nights change: a difference of any two answers (overlapping windows, two
    // breakdowns, a total and its groups) that isolated them would change with them.
    const everything = async () => {
      const answers: OrgStatsResult[] = [];
      for (let from = 1; from <= 12; from++)
        for (let to = from; to <= 12; to++)
          for (const dims of DIMENSION_SETS) answers.push(await ask(day(from), day(to), dims));
      return answers;
    };
    const before = await everything();
    expect(before.some((a) => !a.total.suppressed)).toBe(true);
    for (const person of [loner, lateMan] as Person[])
      for (const n of person.days) {
        const shorter = nightOf(n, 500);
        shorter.session.id = await sessionOf(person.userId, n);
        await write([completedEvent(tenant, person.userId, shorter, 3)]);
      }
    const after = await everything();
    expect(after).toEqual(before);
  }, 300_000);

  async function sessionOf(userId: string, n: number): Promise<string> {
    const [row] = await database.query<{ session_id: string }>(
      `select session_id from analytics.nightly_facts where tenant_id = $1 and user_id = $2 and sleep_day = $3`,
      [tenant, userId, day(n)],
    );
    return (row as { session_id: string }).session_id;
  }

  it('rejects periods over 400 days, out of order, unknown or three dimensions, k under 5', () => {
    const issues = (input: object) =>
      OrgStatsQuerySchema.safeParse({ tenantId: tenant, ...input }).error?.issues.map((i) =>
        i.path.join('.'),
      );
    expect(issues({ from: '2025-01-01', to: '2026-02-05' })).toEqual(['to']);
    expect(issues({ from: '2025-03-02', to: '2025-03-01' })).toEqual(['to']);
    expect(issues({ from: day(1), to: day(2), dimensions: ['height'] })).toEqual(['dimensions.0']);
    expect(
      issues({ from: day(1), to: day(2), dimensions: ['ageBand', 'gender', 'tag:team'] }),
    ).toEqual(['dimensions']);
    expect(issues({ from: day(1), to: day(2), minGroupSize: 4 })).toEqual(['minGroupSize']);
    expect(DAY_MS).toBeGreaterThan(0);
  });
});
