import type { NightFact } from '@sleep/contracts';
import {
  addDays,
  parseInstant,
  type RegularityWindow,
  type SleepRegularity,
  sleepRegularityIndex,
  startOfLocalDay,
} from '@sleep/sleep-metrics';

/** The SRI of a window over some of a user's nights, as `sleepRegularityIndex` gives it. */
export type RegularityOf = (
  facts: readonly NightFact[],
  window: RegularityWindow,
) => SleepRegularity;

/**
 * `sleepRegularityIndex`, remembering each answer for one user's nights (session ids are the key,
 * so never share one across users or versions of a night). A night outside the window's grid
 * changes nothing, so the key is the window and the nights overlapping it: a rebuild asks for the
 * same week (as a report's own period, then as the next one's previous period) several times.
 */
export function regularityMemo(): RegularityOf {
  const known = new Map<string, SleepRegularity>();
  const spans = new Map<NightFact, { startMs: number; endMs: number }>();
  const spanOf = (fact: NightFact) => {
    let span = spans.get(fact);
    if (!span) {
      span = { startMs: parseInstant(fact.startTime), endMs: parseInstant(fact.endTime) };
      spans.set(fact, span);
    }
    return span;
  };
  return (facts, window) => {
    const gridStart = startOfLocalDay(window.startDate, window.timezone);
    const gridEnd = startOfLocalDay(addDays(window.endDate, 1), window.timezone);
    let key = `${window.startDate}\u0000${window.endDate}\u0000${window.timezone}`;
    const overlapping: NightFact[] = [];
    for (const fact of facts) {
      const { startMs, endMs } = spanOf(fact);
      if (startMs < gridEnd && endMs > gridStart) {
        key += `\u0000${fact.sessionId}`;
        overlapping.push(fact);
      }
    }
    let regularity = known.get(key);
    if (!regularity) {
      // The nights off the grid change nothing, so only the others are laid on it.
      regularity = sleepRegularityIndex(overlapping, window);
      known.set(key, regularity);
    }
    return regularity;
  };
}
