import {
  addDays,
  ageOnSleepDay,
  DEFAULT_SCORE_WEIGHTS,
  hasPeriodClosed,
  type Insight,
  periodOf,
  previousPeriod,
  type ReportKind,
  type ReportPeriod,
  type ScoreWeights,
  shouldEmitInsight,
  type SleepReport,
  startOfLocalDay,
} from '@sleep/sleep-metrics';
import type { NightFact } from '@sleep/contracts';
import type { FactRow } from '../facts/fact-row';
import type { NightlyFact } from '../facts/nightly-fact';
import { buildReport, reportWindow } from '../reports/report-computation';
import { factOfRow } from '../facts/fact-row';
import { regularityMemo } from '../reports/regularity-memo';
import { midSleepMemo, scoreHistories } from '../scoring/score-history';
import { scoreForStorage } from '../scoring/stored-score';

const KINDS: readonly ReportKind[] = ['week', 'month'];

/** A fact row as the live path leaves it: main sleep and score set. */
export interface ProjectedFact {
  fact: NightlyFact;
  isMainSleep: boolean;
  score: number | null;
  scoreVersion: string;
  scoreDetail: unknown;
}

export interface ProjectedReport {
  period: ReportPeriod;
  zone: string;
  report: SleepReport;
}

export interface ProjectedInsight {
  id: string;
  rule: Insight['rule'];
  severity: Insight['severity'];
  sleepDay: string;
  body: Insight & { sleepDay: string };
}

export interface UserProjection {
  facts: ProjectedFact[];
  reports: ProjectedReport[];
  insights: ProjectedInsight[];
}

/** The order of `recomputeMainSleeps`: most time asleep, then time in bed, earlier start, session id. */
function mainSleepOrder(a: NightlyFact, b: NightlyFact): number {
  const sleepA = a.stat?.time_in_sleep ?? 0;
  const sleepB = b.stat?.time_in_sleep ?? 0;
  if (sleepA !== sleepB) return sleepB - sleepA;
  const bedA = a.endAt.getTime() - a.startAt.getTime();
  const bedB = b.endAt.getTime() - b.startAt.getTime();
  if (bedA !== bedB) return bedB - bedA;
  if (a.startAt.getTime() !== b.startAt.getTime()) return a.startAt.getTime() - b.startAt.getTime();
  return a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0;
}

function mainSleeps(facts: readonly NightlyFact[]): Set<NightlyFact> {
  const best = new Map<string, NightlyFact>();
  for (const fact of facts) {
    if (fact.isNap) continue;
    const current = best.get(fact.sleepDay);
    if (!current || mainSleepOrder(fact, current) < 0) best.set(fact.sleepDay, fact);
  }
  return new Set(best.values());
}

const rowOf = (p: ProjectedFact): FactRow => ({
  session_id: p.fact.sessionId,
  user_id: p.fact.userId,
  version: p.fact.version,
  start_ms: p.fact.startAt.getTime(),
  end_ms: p.fact.endAt.getTime(),
  zone: p.fact.zone,
  peculiarities: p.fact.peculiarities,
  stat: p.fact.stat,
  sleep_stages: p.fact.sleepStages,
  sleep_day: p.fact.sleepDay,
  is_nap: p.fact.isNap,
  is_main_sleep: p.isMainSleep,
  score: p.score,
  score_version: p.scoreVersion,
  score_detail: p.scoreDetail,
});

/**
 * Everything the live path stores for one user whose every night arrives at once into empty
 * tables, computed in memory with the same rules: main sleeps (`recomputeMainSleeps`), scores
 * (`rescore`), then the reports and insights `ReportBuilder.onFactsChanged` would produce for
 * every sleep day, in the same order, with the same cool-downs.
 */
export function projectUser(
  userId: string,
  facts: readonly NightlyFact[],
  settings: { weights: ScoreWeights | null; birthYear: number | null; freeDays?: number[] | null },
  nowMs: number,
): UserProjection {
  if (facts.length === 0) return { facts: [], reports: [], insights: [] };
  const main = mainSleeps(facts);
  // Each night read as a fact once (stages decoded once): for the scores and every report.
  const unscored = facts.map((fact) => {
    const isMainSleep = main.has(fact);
    const row = rowOf({ fact, isMainSleep, score: null, scoreVersion: '', scoreDetail: null });
    return { fact, isMainSleep, row, decoded: factOfRow(row) };
  });
  const history = unscored.map((u) => u.decoded);
  const previousOf = scoreHistories(history);
  const weights = settings.weights ?? DEFAULT_SCORE_WEIGHTS;
  const midSleepOf = midSleepMemo();
  const projected = unscored.map(({ fact, isMainSleep, row, decoded }) => {
    const { score, scoreVersion, detail } = scoreForStorage(decoded, {
      history: previousOf(decoded),
      weights,
      ageYears: ageOnSleepDay(settings.birthYear, fact.sleepDay),
      midSleepOf,
    });
    const projection: ProjectedFact = {
      fact,
      isMainSleep,
      score,
      scoreVersion,
      scoreDetail: detail,
    };
    return {
      projection,
      row: { ...row, score, score_version: scoreVersion, score_detail: detail },
      decoded,
    };
  });

  // Rows as `bySleepDay` returns them: by start, then session id.
  const byStart = [...projected].sort((a, b) =>
    a.row.start_ms !== b.row.start_ms
      ? a.row.start_ms - b.row.start_ms
      : a.row.session_id < b.row.session_id
        ? -1
        : a.row.session_id > b.row.session_id
          ? 1
          : 0,
  );
  const rows = byStart.map((p) => p.row);
  const decoded = byStart.map((p) => p.decoded);
  const latest = rows.reduce((best, r) =>
    r.sleep_day > best.sleep_day || (r.sleep_day === best.sleep_day && r.start_ms > best.start_ms)
      ? r
      : best,
  );
  const zone = latest.zone;
  const changed = new Set(rows.map((r) => r.sleep_day));
  const lastDay = [...changed].sort().at(-1) as string;
  const periods = new Map<string, ReportPeriod>();
  for (const kind of KINDS) {
    for (const day of changed)
      for (const period of [periodOf(kind, day), periodOf(kind, addDays(day, -1))])
        periods.set(`${kind}:${period.key}`, period);
    const before = previousPeriod(periodOf(kind, lastDay));
    periods.set(`${kind}:${before.key}`, before);
  }
  const ordered = [...periods.values()].sort((a, b) =>
    a.endDate !== b.endDate ? (a.endDate < b.endDate ? -1 : 1) : a.kind < b.kind ? -1 : 1,
  );

  const reports: ProjectedReport[] = [];
  const insights: ProjectedInsight[] = [];
  const at = (day: string) => startOfLocalDay(day, zone);
  const regularityOf = regularityMemo();
  for (const period of ordered) {
    if (!hasPeriodClosed(period, nowMs, zone)) continue;
    const window = reportWindow(period);
    const inWindow = [];
    const factsInWindow = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as FactRow;
      if (row.sleep_day < window.from || row.sleep_day > window.to) continue;
      inWindow.push(row);
      factsInWindow.push(decoded[i] as NightFact);
    }
    const built = buildReport(userId, period, zone, inWindow, settings.birthYear, {
      facts: factsInWindow,
      freeDays: settings.freeDays ?? undefined,
      regularityOf,
    });
    if (built.report.nightsTracked === 0 && built.report.previous.nightsTracked === 0) continue;
    reports.push({ period, zone, report: built.report });
    for (const insight of built.insights) {
      let last: ProjectedInsight | undefined;
      for (const stored of insights)
        if (
          stored.rule === insight.rule &&
          stored.sleepDay <= period.endDate &&
          (!last || stored.sleepDay >= last.sleepDay)
        )
          last = stored;
      const emit = shouldEmitInsight(
        insight,
        last ? { id: last.id, severity: last.severity, emittedAtMs: at(last.sleepDay) } : null,
        at(period.endDate),
      );
      if (!emit) continue;
      const body = { ...insight, sleepDay: period.endDate };
      const existing = insights.findIndex((s) => s.id === insight.id);
      const entry: ProjectedInsight = {
        id: insight.id,
        rule: insight.rule,
        severity: insight.severity,
        sleepDay: period.endDate,
        body,
      };
      if (existing >= 0) insights[existing] = entry;
      else insights.push(entry);
    }
  }
  return { facts: projected.map((p) => p.projection), reports, insights };
}
