import type { ExportFact, ExportFactsPage } from '@sleep/analytics-rpc';
import {
  type ExportFactsQuery,
  ResearchExportRowSchema,
  RESEARCH_EXPORT_COLUMNS,
  SUPPRESSED,
} from '@sleep/contracts';
import { parse } from 'csv-parse/sync';
import { contextFor } from '../context';
import { exportsRouter } from '../routers/exports/exports.router';
import { createCallerFactory } from '../trpc';
import type { AnalyticsStore } from '../ports/analytics.port';
import { buildWorld, type World } from './world';

const download = createCallerFactory(exportsRouter);

/** Analytics' facts of acme: 12 users, 3 nights each; one of five women 30-44 has a tag of her own. */
function tenantFacts(): ExportFact[] {
  return Array.from({ length: 12 }, (_, u) =>
    Array.from({ length: 3 }, (_, n) => ({
      userId: `G-user-${String(u).padStart(2, '0')}`,
      sessionId: `2025031${n}140000_zq${u}`,
      version: 1,
      sleepDay: `2025-03-1${n}`,
      startTime: `2025-03-0${n + 1}T23:00:00.000Z`,
      endTime: `2025-03-0${n + 2}T07:00:00.000Z`,
      timezone: 'UTC',
      nap: false,
      mainSleep: true,
      slept: true,
      stat: null,
      score: 70 + u,
      scoreVersion: 'sleep-score-1',
      // Ten of 30-44 (five women, five men), one 65+ man, one <18 woman.
      ageBand: u < 10 ? '30-44' : u === 10 ? '65+' : '<18',
      gender: u < 5 ? 'female' : u < 10 ? 'male' : u === 10 ? 'male' : 'female',
      tags: u === 0 ? ['arm:solo'] : ['arm:control'],
    })),
  ).flat();
}

/** A paging analytics over the facts above (pages of the size asked), recording its queries. */
function pagedAnalytics(facts: ExportFact[], asked: ExportFactsQuery[]): AnalyticsStore {
  return {
    exportFacts: async (query: ExportFactsQuery): Promise<ExportFactsPage> => {
      asked.push(query);
      const after = query.after;
      const rest = facts.filter(
        (f) =>
          !after ||
          f.userId > after.userId ||
          (f.userId === after.userId && f.sessionId > after.sessionId),
      );
      const page = rest.slice(0, query.limit);
      const last = page.at(-1);
      return {
        facts: page,
        next:
          last && page.length === query.limit
            ? { userId: last.userId, sessionId: last.sessionId }
            : null,
      };
    },
  } as unknown as AnalyticsStore;
}

describe('research export (procedures over a paging analytics)', () => {
  let world: World;
  const asked: ExportFactsQuery[] = [];
  beforeAll(async () => {
    world = await buildWorld();
    world.gateway.deps.analytics = pagedAnalytics(tenantFacts(), asked);
  }, 30_000);
  afterAll(() => world?.stop());

  async function exportCsv(includeTags: boolean) {
    const admin = world.gateway.caller(world.as.adam);
    const job = await admin.exports.research.create({
      from: '2025-03-01',
      to: '2025-03-31',
      includeTags,
    });
    const file = await download(contextFor(world.gateway.deps, world.as.adam)).research({
      exportId: job.exportId,
    });
    let text = '';
    for await (const chunk of file.chunks) text += chunk;
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    return {
      job,
      rows,
      text,
      status: await admin.exports.research.get({ exportId: job.exportId }),
    };
  }

  it('writes the declared columns, no Asleep, app or session id, one pseudonym per user', async () => {
    const { rows, text } = await exportCsv(false);
    expect(Object.keys(rows[0])).toEqual(RESEARCH_EXPORT_COLUMNS);
    for (const id of ['G-user-', '_zq', 'bob', 'alice', 'adam']) expect(text).not.toContain(id);
    // Ten users released: the two who stand alone are dropped.
    expect(new Set(rows.map((r) => r.participant)).size).toBe(10);
    for (const row of rows)
      ResearchExportRowSchema.parse({
        ...row,
        nap: row.nap === 'true',
        main_sleep: row.main_sleep === 'true',
        slept: row.slept === 'true',
        score: Number(row.score),
        ...Object.fromEntries(
          [
            'time_in_bed',
            'time_in_sleep',
            'sleep_latency',
            'time_in_wake',
            'time_in_light',
            'time_in_deep',
            'time_in_rem',
            'sleep_efficiency',
            'waso_count',
          ].map((c) => [c, row[c] === '' ? null : Number(row[c])]),
        ),
      });
    // Another export: other pseudonyms for the same users.
    const again = await exportCsv(false);
    const first = new Set(rows.map((r) => r.participant));
    expect(again.rows.some((r) => first.has(r.participant))).toBe(false);
  });

  it('honours k = 5: every released combination is shared by at least 5 users; rarer users are generalised or dropped', async () => {
    for (const includeTags of [false, true]) {
      const { rows, status } = await exportCsv(includeTags);
      const usersByGroup = new Map<string, Set<string>>();
      for (const row of rows) {
        const key = `${row.age_band}|${row.gender}|${row.tags}`;
        usersByGroup.set(key, (usersByGroup.get(key) ?? new Set()).add(row.participant));
      }
      for (const [group, users] of usersByGroup)
        expect({ group, users: users.size >= 5 }).toEqual({ group, users: true });
      // The 65+ man and the <18 woman stand alone: not even suppressed can hide two people.
      expect(rows.some((r) => r.age_band === '65+' || r.age_band === '<18')).toBe(false);
      expect(status.progress.rowsDropped).toBe(6);
      expect(status).toMatchObject({
        status: 'complete',
        progress: { phase: 'done', rowsWritten: rows.length },
      });
      if (includeTags) {
        // Women 30-44 of arm:control are four: the five women lose their tags, not their nights;
        // the five men of arm:control keep theirs.
        expect(rows.filter((r) => r.tags === SUPPRESSED)).toHaveLength(15);
        expect(rows.filter((r) => r.tags === 'arm:control')).toHaveLength(15);
        expect(status.progress.rowsGeneralised).toBe(15);
      }
    }
  });

  it('pages through analytics twice, for the caller’s tenant and period only', async () => {
    asked.length = 0;
    await exportCsv(false);
    expect(asked.length).toBeGreaterThanOrEqual(2);
    for (const query of asked)
      expect(query).toMatchObject({ tenantId: 'acme', from: '2025-03-01', to: '2025-03-31' });
    expect(asked.some((q) => 'userId' in q && q.userId !== undefined)).toBe(false);
  });

  it('is downloaded once, and recorded in the audit log with what it released', async () => {
    const { job } = await exportCsv(true);
    const again = download(contextFor(world.gateway.deps, world.as.adam)).research({
      exportId: job.exportId,
    });
    await expect(again).rejects.toMatchObject({ code: 'CONFLICT' });
    const entries = [...world.gateway.audit.entries].filter((e) => e.target.id === job.exportId);
    expect(entries.map((e) => [e.action, e.outcome])).toEqual(
      expect.arrayContaining([
        ['export.research.create', 'success'],
        ['export.research.download', 'success'],
      ]),
    );
    const downloaded = entries.find((e) => e.action === 'export.research.download');
    expect(downloaded?.details).toMatchObject({ k: 5, rowsDropped: 6, rowsGeneralised: 15 });
  });
});
