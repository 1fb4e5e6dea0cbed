import {
  type AnalyticsRules,
  DEFAULT_ANALYTICS_RULES,
  isIanaTimezone,
  type SessionCompletedPayload,
  type Stat,
} from '@sleep/contracts';
import { isNap, isSlept, localDate, parseInstant, sleepDayOf } from '@sleep/sleep-metrics';

/** A fact as stored (the `nightly_facts` row minus the columns computed across nights). */
export interface NightlyFact {
  tenantId: string;
  userId: string;
  sessionId: string;
  version: number;
  startAt: Date;
  endAt: Date;
  createdTimezone: string | null;
  zone: string;
  peculiarities: string[];
  missingDataRatio: number | null;
  stat: Stat | null;
  slept: boolean;
  sleepStages: Buffer | null;
  startDate: string;
  sleepDay: string;
  isNap: boolean;
}

export type SkipReason = 'not-complete' | 'no-end-time' | 'end-before-start';

export type FactOutcome =
  | { kind: 'fact'; fact: NightlyFact }
  | { kind: 'skip'; reason: SkipReason };

/** Stages -1..3 as bytes 0..4: one byte per 30 s epoch. */
export function encodeStages(stages: readonly number[] | null): Buffer | null {
  if (stages === null) return null;
  const bytes = Buffer.allocUnsafe(stages.length);
  for (let i = 0; i < stages.length; i++) bytes[i] = (stages[i] ?? -1) + 1;
  return bytes;
}

export function decodeStages(bytes: Uint8Array | null): number[] | null {
  if (bytes === null) return null;
  // A plain loop: this runs for every night a report or score reads, Array.from's callback is slower.
  const stages = new Array<number>(bytes.length);
  for (let i = 0; i < bytes.length; i++) stages[i] = (bytes[i] as number) - 1;
  return stages;
}

/**
 * The fact of one completed session, or why it cannot be one. Sleep day, nap and "slept" follow
 * `@sleep/sleep-metrics` (analytics definitions, sections 1-2); the main sleep needs the whole
 * day and is set by the writer. The tenant's rules choose the sleep-day rule and may replace the
 * night's zone.
 */
export function nightlyFact(
  tenantId: string,
  payload: SessionCompletedPayload,
  rules: AnalyticsRules = DEFAULT_ANALYTICS_RULES,
): FactOutcome {
  const { session, stat, peculiarities } = payload.sleepData;
  if (session.state !== 'COMPLETE') return { kind: 'skip', reason: 'not-complete' };
  if (!session.end_time) return { kind: 'skip', reason: 'no-end-time' };
  const startMs = parseInstant(session.start_time);
  const endMs = parseInstant(session.end_time);
  if (!(endMs >= startMs)) return { kind: 'skip', reason: 'end-before-start' };
  return {
    kind: 'fact',
    fact: {
      tenantId,
      userId: payload.userId,
      sessionId: payload.sessionId,
      version: payload.version,
      startAt: new Date(startMs),
      endAt: new Date(endMs),
      createdTimezone: session.created_timezone,
      peculiarities: [...peculiarities],
      missingDataRatio: payload.sleepData.missing_data_ratio,
      stat,
      slept: isSlept({ stat, peculiarities }),
      sleepStages: encodeStages(session.sleep_stages),
      ...placeNight(startMs, endMs, session.created_timezone, rules),
    },
  };
}

/** Where a night falls under the tenant's rules: the fields a change of the rules re-derives. */
export type NightPlacement = Pick<NightlyFact, 'zone' | 'startDate' | 'sleepDay' | 'isNap'>;

/** The zone (the tenant's override, else the night's own, else UTC), start date, sleep day and nap. */
export function placeNight(
  startMs: number,
  endMs: number,
  createdTimezone: string | null,
  rules: AnalyticsRules,
): NightPlacement {
  const zone =
    rules.timezone ??
    (createdTimezone && isIanaTimezone(createdTimezone) ? createdTimezone : 'UTC');
  return {
    zone,
    startDate: localDate(startMs, zone),
    sleepDay: sleepDayOf(startMs, endMs, zone, rules.sleepDayRule ?? 'end-date'),
    isNap: isNap(startMs, endMs, zone),
  };
}
