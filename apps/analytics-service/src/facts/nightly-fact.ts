import type { SessionCompletedPayload, Stat } from '@sleep/contracts';
import { isKnownZone, localParts } from './zoned';

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

const NAP_MAX_IN_BED_S = 3 * 3600;
const NAP_FROM_S = 9 * 3600;
const NAP_UNTIL_S = 19 * 3600;

/** Stages -1..3 as bytes 0..4: one byte per 30 s epoch. */
export function encodeStages(stages: readonly number[] | null): Buffer | null {
  if (stages === null) return null;
  const bytes = Buffer.allocUnsafe(stages.length);
  for (let i = 0; i < stages.length; i++) bytes[i] = (stages[i] ?? -1) + 1;
  return bytes;
}

export function decodeStages(bytes: Uint8Array | null): number[] | null {
  if (bytes === null) return null;
  return Array.from(bytes, (value) => value - 1);
}

/**
 * The fact of one completed session, or why it cannot be one. Sleep day = local date of the end
 * instant; nap = under 3 h in bed starting 09:00-19:00 local (analytics.md section 2).
 */
export function nightlyFact(tenantId: string, payload: SessionCompletedPayload): FactOutcome {
  const { session, stat, peculiarities } = payload.sleepData;
  if (session.state !== 'COMPLETE') return { kind: 'skip', reason: 'not-complete' };
  if (!session.end_time) return { kind: 'skip', reason: 'no-end-time' };
  const startMs = Date.parse(session.start_time);
  const endMs = Date.parse(session.end_time);
  if (!(endMs >= startMs)) return { kind: 'skip', reason: 'end-before-start' };
  const zone =
    session.created_timezone && isKnownZone(session.created_timezone)
      ? session.created_timezone
      : 'UTC';
  const start = localParts(startMs, zone);
  const inBedS = stat?.time_in_bed ?? Math.round((endMs - startMs) / 1000);
  const isNap =
    inBedS < NAP_MAX_IN_BED_S && start.secondOfDay >= NAP_FROM_S && start.secondOfDay < NAP_UNTIL_S;
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
      zone,
      peculiarities: [...peculiarities],
      missingDataRatio: payload.sleepData.missing_data_ratio,
      stat,
      slept: stat !== null && !peculiarities.includes('NEVER_SLEPT'),
      sleepStages: encodeStages(session.sleep_stages),
      startDate: start.date,
      sleepDay: localParts(endMs, zone).date,
      isNap,
    },
  };
}
