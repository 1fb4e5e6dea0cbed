import {
  SESSION_COMPLETED,
  SESSION_DELETED,
  SESSION_PROGRESSED,
  type SessionCompleted,
  type SessionDeleted,
  type SessionDeletionReason,
  type SessionEvent,
  type SessionProgressed,
} from '@sleep/contracts';
import { formatInstant } from '@sleep/sleep-metrics';
import type { Night } from './night';
import { renderSleepData } from './render-session';
import type { SessionChange } from './session-reducer';
import { receivedEpochs } from './timeline-merge';

/** Stable across redeliveries and replays: the same change always gets the same id. */
export const sessionEventId = (sessionId: string, version: number) => `${sessionId}@${version}`;

const utc = (ms: number) => formatInstant(ms, 'UTC');

function envelope<T extends SessionEvent['type']>(
  night: Pick<Night, 'tenantId' | 'userId' | 'sessionId'>,
  type: T,
  version: number,
  occurredAtMs: number,
) {
  return {
    eventId: sessionEventId(night.sessionId, version),
    type,
    version: 1 as const,
    occurredAt: new Date(occurredAtMs).toISOString(),
    tenantId: night.tenantId,
    key: night.userId,
  };
}

function progressed(
  night: Night,
  from: number,
  to: number,
  occurredAtMs: number,
): SessionProgressed {
  const slice = <T>(values: readonly (T | null)[] | null, fill: boolean) =>
    values === null && !fill
      ? null
      : Array.from({ length: to - from }, (_, i) => values?.[from + i] ?? null);
  return {
    ...envelope(night, SESSION_PROGRESSED, night.version, occurredAtMs),
    payload: {
      userId: night.userId,
      sessionId: night.sessionId,
      version: night.version,
      state: night.state === 'CLOSED' ? 'CLOSED' : 'OPEN',
      startTime: utc(night.startMs),
      endTime: night.endMs === null ? null : utc(night.endMs),
      createdTimezone: night.createdTimezone,
      receivedEpochs: receivedEpochs(night.sleepStages),
      epochs: {
        fromEpoch: from,
        sleepStages: slice(
          night.sleepStages,
          true,
        ) as SessionProgressed['payload']['epochs']['sleepStages'],
        snoringStages: slice(
          night.snoringStages,
          true,
        ) as SessionProgressed['payload']['epochs']['snoringStages'],
        breathStages: slice(night.breathStages, false),
      },
    },
  };
}

function completed(night: Night, occurredAtMs: number): SessionCompleted {
  return {
    ...envelope(night, SESSION_COMPLETED, night.version, occurredAtMs),
    payload: {
      userId: night.userId,
      sessionId: night.sessionId,
      version: night.version,
      sleepData: renderSleepData(night, 'UTC'),
    },
  };
}

/** The event a stored change announces on `sleep.sessions.v1`. */
export function changeEvent(
  night: Night,
  change: SessionChange,
  occurredAtMs: number,
): SessionEvent {
  return change.type === 'completed'
    ? completed(night, occurredAtMs)
    : progressed(night, change.from, change.to, occurredAtMs);
}

export function deletedEvent(
  night: Pick<Night, 'tenantId' | 'userId' | 'sessionId' | 'version'>,
  reason: SessionDeletionReason,
  occurredAtMs: number,
): SessionDeleted {
  const version = night.version + 1;
  return {
    ...envelope(night, SESSION_DELETED, version, occurredAtMs),
    payload: { userId: night.userId, sessionId: night.sessionId, version, reason },
  };
}
