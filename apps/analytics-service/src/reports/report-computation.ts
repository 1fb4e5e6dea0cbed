import type { NightFact } from '@sleep/contracts';
import {
  addDays,
  ageOnSleepDay,
  buildSleepReport,
  chronotype,
  evaluateInsights,
  type Insight,
  previousPeriod,
  type ReportPeriod,
  sleepRegularityIndex,
  type SleepReport,
} from '@sleep/sleep-metrics';
import { factOfRow, type FactRow } from '../facts/fact-row';
import type { RegularityOf } from './regularity-memo';

/** Days of nights before a period that the insight trends look at. */
const INSIGHT_LOOKBACK_DAYS = 30;

/** The sleep days of the facts a period's report reads: its insight lookback, the previous period, one day either side. */
export function reportWindow(period: ReportPeriod): { from: string; to: string } {
  const previous = previousPeriod(period);
  const from = addDays(
    previous.startDate < addDays(period.endDate, -INSIGHT_LOOKBACK_DAYS)
      ? previous.startDate
      : addDays(period.endDate, -INSIGHT_LOOKBACK_DAYS),
    -1,
  );
  return { from, to: addDays(period.endDate, 1) };
}

export interface BuildOptions {
  /** `rows` already read as facts, in the same order (saves decoding stages again). */
  facts?: readonly NightFact[];
  /** The tenant's free days for the chronotype; Saturday and Sunday when unset. */
  freeDays?: NonNullable<Parameters<typeof chronotype>[1]>['freeDays'];
  /** How the SRI is computed: a memo when many periods of one user are built. */
  regularityOf?: RegularityOf;
}

/** A period's report and insights from the facts of its window (by start), without I/O. */
export function buildReport(
  userId: string,
  period: ReportPeriod,
  zone: string,
  rows: readonly FactRow[],
  birthYear: number | null,
  { facts = rows.map(factOfRow), freeDays, regularityOf = sleepRegularityIndex }: BuildOptions = {},
): { report: SleepReport; insights: Insight[] } {
  const scores = Object.fromEntries(rows.map((r) => [r.session_id, r.score]));
  const inPeriod = facts.filter(
    (f) => f.sleepDay >= period.startDate && f.sleepDay <= period.endDate,
  );
  const windowOf = ({ startDate, endDate }: ReportPeriod) => ({
    startDate,
    endDate,
    timezone: zone,
  });
  // Computed once here for the insights and the report (which would compute both again).
  const regularity = {
    current: regularityOf(facts, windowOf(period)),
    previous: regularityOf(facts, windowOf(previousPeriod(period))),
  };
  const chrono = chronotype(inPeriod, { timezone: zone, freeDays });
  const insights = evaluateInsights({
    userId,
    period,
    facts: facts.filter((f) => f.sleepDay <= period.endDate),
    ageYears: ageOnSleepDay(birthYear, period.endDate),
    timezone: zone,
    sri: regularity.current.sri,
    chronotype: chrono,
  });
  const report = buildSleepReport({
    userId,
    period,
    timezone: zone,
    facts,
    scores,
    insights,
    regularity,
  });
  return { report, insights };
}
