import { EPOCH_MS } from '@sleep/sleep-metrics';
import type {
  Delivery,
  Epoch,
  FinalDelivery,
  Night,
  SnapshotDelivery,
  WindowDelivery,
} from './night';
import { openPeculiarities } from './open-peculiarities';
import { startFromSessionId } from './session-start';
import { checkStat, type StatMismatch } from './stat-check';
import { rezoneStat } from './stat-zone';
import { fillUnknown, mergeWindow, windowRange } from './timeline-merge';

export type SessionChange =
  | { readonly type: 'progressed'; readonly from: number; readonly to: number }
  | { readonly type: 'completed' };

export interface Reduction {
  /** The night to store; null when nothing was stored and nothing applied. */
  readonly night: Night | null;
  /** `changed`: a visible change (one event); `recorded`: bookkeeping only; else nothing to write. */
  readonly outcome: 'changed' | 'recorded' | 'duplicate' | 'after-complete';
  readonly change?: SessionChange;
  readonly statMismatches?: readonly StatMismatch[];
}

const STATE_RANK = { OPEN: 0, CLOSED: 1, COMPLETE: 2 } as const;
const parseOrNull = (value: string | null) => (value === null ? null : Date.parse(value));

function emptyNight(delivery: Delivery, startMs: number): Night {
  const { tenantId, userId, sessionId } = delivery;
  return {
    tenantId,
    userId,
    sessionId,
    state: 'OPEN',
    startMs,
    endMs: null,
    unexpectedEndMs: null,
    createdTimezone: null,
    sleepStages: null,
    snoringStages: null,
    breathStages: null,
    windows: [],
    peculiarities: [],
    missingDataRatio: null,
    stat: null,
    lastSeqNum: null,
    version: 0,
  };
}

/** Until the real start is known: the id's stamp, else the window's end minus its length. */
function guessStart(delivery: WindowDelivery): number {
  return (
    startFromSessionId(delivery.sessionId) ??
    delivery.receivedAtMs - (delivery.seqNum + 1) * EPOCH_MS
  );
}

/** INFERENCE_COMPLETE: epochs at their indexes; the night only moves forward (Asleep contract 5.4). */
function applyWindow(current: Night | null, delivery: WindowDelivery): Reduction {
  const base = current ?? emptyNight(delivery, guessStart(delivery));
  const { from, to } = windowRange(delivery.seqNum, delivery.sleepStages.length);
  const merged = mergeWindow(
    {
      sleep: base.sleepStages,
      snoring: base.snoringStages,
      breath: base.breathStages,
      windows: base.windows,
    },
    {
      k: delivery.k,
      from,
      sleep: delivery.sleepStages,
      snoring: delivery.snoringStages,
      breath: delivery.breathStages,
    },
  );
  const lastSeqNum = Math.max(base.lastSeqNum ?? -1, delivery.seqNum);
  const changed = merged.changed || current === null || lastSeqNum !== base.lastSeqNum;
  if (!changed && !merged.recorded) return { night: current, outcome: 'duplicate' };
  const { sleep, snoring, breath, windows } = merged.timelines;
  const night: Night = {
    ...base,
    sleepStages: sleep,
    snoringStages: snoring,
    breathStages: breath,
    windows,
    lastSeqNum,
    peculiarities: openPeculiarities(base.peculiarities, breath),
    version: changed ? base.version + 1 : base.version,
  };
  return changed
    ? { night, outcome: 'changed', change: { type: 'progressed', from, to } }
    : { night, outcome: 'recorded' };
}

/** SESSION_COMPLETE is authoritative: it replaces timelines and stats (Asleep contract 5.5). */
function applyFinal(current: Night | null, delivery: FinalDelivery): Reduction {
  const { data } = delivery;
  const session = data.session;
  const stages = session.sleep_stages;
  const night: Night = {
    ...emptyNight(delivery, Date.parse(session.start_time)),
    state: 'COMPLETE',
    endMs: parseOrNull(session.end_time),
    unexpectedEndMs: parseOrNull(session.unexpected_end_time),
    createdTimezone: session.created_timezone,
    // The delivery's own arrays: nothing changes a night's timelines in place.
    sleepStages: stages,
    snoringStages: session.snoring_stages,
    breathStages: session.breath_stages,
    peculiarities: data.peculiarities,
    missingDataRatio: data.missing_data_ratio,
    stat: data.stat ? rezoneStat(data.stat, 'UTC') : null,
    lastSeqNum: stages && stages.length > 0 ? stages.length - 1 : (current?.lastSeqNum ?? null),
    version: (current?.version ?? 0) + 1,
  };
  return {
    night,
    outcome: 'changed',
    change: { type: 'completed' },
    statMismatches: checkStat(night),
  };
}

const sameLine = (a: readonly Epoch[] | null, b: readonly Epoch[] | null) =>
  a === b ||
  (a !== null && b !== null && a.length === b.length && a.every((value, i) => value === b[i]));

function sameVisible(a: Night, b: Night): boolean {
  return (
    a.state === b.state &&
    a.startMs === b.startMs &&
    a.endMs === b.endMs &&
    a.unexpectedEndMs === b.unexpectedEndMs &&
    a.createdTimezone === b.createdTimezone &&
    a.missingDataRatio === b.missingDataRatio &&
    a.lastSeqNum === b.lastSeqNum &&
    sameLine(a.sleepStages, b.sleepStages) &&
    sameLine(a.snoringStages, b.snoringStages) &&
    sameLine(a.breathStages, b.breathStages) &&
    a.peculiarities.join('\n') === b.peculiarities.join('\n')
  );
}

/** A night fetched while OPEN or CLOSED: fills what webhooks did not bring, state only forward. */
function applySnapshot(current: Night | null, delivery: SnapshotDelivery): Reduction {
  const { data } = delivery;
  const session = data.session;
  const base = current ?? emptyNight(delivery, Date.parse(session.start_time));
  const sleep = fillUnknown(base.sleepStages, session.sleep_stages);
  const snoring = fillUnknown(base.snoringStages, session.snoring_stages);
  const breath = fillUnknown(base.breathStages, session.breath_stages);
  const seen = session.sleep_stages?.length ?? 0;
  const candidate: Night = {
    ...base,
    state: STATE_RANK[session.state] > STATE_RANK[base.state] ? session.state : base.state,
    startMs: Date.parse(session.start_time),
    endMs: parseOrNull(session.end_time) ?? base.endMs,
    unexpectedEndMs: parseOrNull(session.unexpected_end_time) ?? base.unexpectedEndMs,
    createdTimezone: session.created_timezone ?? base.createdTimezone,
    sleepStages: sleep.line,
    snoringStages: snoring.line,
    breathStages: breath.line,
    peculiarities: openPeculiarities(data.peculiarities, breath.line),
    missingDataRatio: data.missing_data_ratio ?? base.missingDataRatio,
    lastSeqNum: seen > 0 ? Math.max(base.lastSeqNum ?? -1, seen - 1) : base.lastSeqNum,
  };
  if (current !== null && sameVisible(current, candidate))
    return { night: current, outcome: 'duplicate' };
  const night = { ...candidate, version: base.version + 1 };
  return {
    night,
    outcome: 'changed',
    change: { type: 'progressed', from: 0, to: sleep.line?.length ?? 0 },
  };
}

/**
 * The convergence rules: a pure function of the stored night and one delivery. Once COMPLETE a
 * night never changes again (Asleep contract 6), and a duplicate changes nothing.
 */
export function reduceNight(current: Night | null, delivery: Delivery): Reduction {
  if (current?.state === 'COMPLETE') return { night: current, outcome: 'after-complete' };
  switch (delivery.kind) {
    case 'window':
      return applyWindow(current, delivery);
    case 'final':
      return applyFinal(current, delivery);
    case 'snapshot':
      return applySnapshot(current, delivery);
  }
}
