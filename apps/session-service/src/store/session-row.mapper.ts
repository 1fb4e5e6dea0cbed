import {
  decodeInts,
  decodeStages,
  encodeInts,
  encodeStages,
  SLEEP_OFFSET,
  SNORING_OFFSET,
} from '../db/epoch-codec';
import type { sessions } from '../db/schema';
import type { Night, WindowRecord } from '../domain/night';

export type SessionRow = typeof sessions.$inferSelect;
export type SessionInsert = typeof sessions.$inferInsert;

function windowsFrom(flat: readonly number[]): WindowRecord[] {
  const windows: WindowRecord[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3)
    windows.push({ k: flat[i], from: flat[i + 1], to: flat[i + 2] });
  return windows;
}

const ms = (date: Date | null) => (date === null ? null : date.getTime());
const date = (value: number | null) => (value === null ? null : new Date(value));

export function nightFromRow(row: SessionRow): Night {
  return {
    tenantId: row.tenantId,
    userId: row.userId,
    sessionId: row.sessionId,
    state: row.state,
    startMs: row.startTime.getTime(),
    endMs: ms(row.endTime),
    unexpectedEndMs: ms(row.unexpectedEndTime),
    createdTimezone: row.createdTimezone,
    sleepStages: decodeStages(row.sleepStages, SLEEP_OFFSET),
    snoringStages: decodeStages(row.snoringStages, SNORING_OFFSET),
    breathStages: decodeInts(row.breathStages),
    windows: windowsFrom(row.windows),
    peculiarities: row.peculiarities,
    missingDataRatio: row.missingDataRatio,
    stat: row.stat ?? null,
    lastSeqNum: row.lastSeqNum,
    version: row.version,
  };
}

/** When an unfinished night is next fetched from the API, and how often that was tried already. */
export interface RecoverySchedule {
  dueAt: Date | null;
  attempts: number;
}

export function rowFromNight(night: Night, now: Date, recovery: RecoverySchedule): SessionInsert {
  const complete = night.state === 'COMPLETE';
  return {
    userId: night.userId,
    sessionId: night.sessionId,
    tenantId: night.tenantId,
    state: night.state,
    startTime: new Date(night.startMs),
    endTime: date(night.endMs),
    unexpectedEndTime: date(night.unexpectedEndMs),
    createdTimezone: night.createdTimezone,
    sleepStages: encodeStages(night.sleepStages, SLEEP_OFFSET),
    snoringStages: encodeStages(night.snoringStages, SNORING_OFFSET),
    breathStages: encodeInts(night.breathStages),
    windows: complete ? [] : night.windows.flatMap((w) => [w.k, w.from, w.to]),
    peculiarities: [...night.peculiarities],
    missingDataRatio: night.missingDataRatio,
    stat: night.stat,
    lastSeqNum: night.lastSeqNum,
    version: night.version,
    recoveryDueAt: complete ? null : recovery.dueAt,
    recoveryAttempts: complete ? 0 : recovery.attempts,
    updatedAt: now,
    completedAt: complete ? now : null,
  };
}
