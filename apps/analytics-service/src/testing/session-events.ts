// Test support: session events as session-service publishes them, built from a few parameters.
import { randomBytes } from 'node:crypto';
import {
  SESSION_COMPLETED,
  SESSION_DELETED,
  SESSION_PROGRESSED,
  type SessionCompleted,
  type SessionDeleted,
  type SessionProgressed,
  type SleepData,
} from '@sleep/contracts';
import { sampleSleepStages, sampleSnoringStages } from '@sleep/contracts/testing';
import { computeNightStats, EPOCH_MS, formatInstant, toAsleepStat } from '@sleep/sleep-metrics';

type Stages = NonNullable<SleepData['session']['sleep_stages']>;
type Snoring = NonNullable<SleepData['session']['snoring_stages']>;

export interface NightSpec {
  /** UTC instant of the start. */
  start: string;
  /** Epoch count; the sample night repeated to this length (default 8 h). */
  epochs?: number;
  zone?: string | null;
  neverSlept?: boolean;
  sessionId?: string;
}

export function uniqueUserId(): string {
  return `G-20250301093015-An${randomBytes(8).toString('hex')}`;
}

export function sessionIdAt(start: string): string {
  return `${start.slice(0, 19).replace(/\D/g, '')}_${randomBytes(3).toString('hex').slice(0, 5)}`;
}

export function sleepData(spec: NightSpec): SleepData {
  const count = spec.epochs ?? 960;
  const stages = Array.from(
    { length: count },
    (_, i) => (spec.neverSlept ? 0 : sampleSleepStages[i % sampleSleepStages.length]) as number,
  ) as Stages;
  const snoring = Array.from(
    { length: count },
    (_, i) => sampleSnoringStages[i % sampleSnoringStages.length] as number,
  ) as Snoring;
  const startMs = Date.parse(spec.start);
  const endMs = startMs + count * EPOCH_MS;
  const utc = (ms: number) => formatInstant(ms, 'UTC');
  return {
    timezone: 'UTC',
    peculiarities: spec.neverSlept
      ? ['NEVER_SLEPT', 'NO_BREATHING_STABILITY']
      : ['NO_BREATHING_STABILITY'],
    missing_data_ratio: 0,
    session: {
      id: spec.sessionId ?? sessionIdAt(spec.start),
      state: 'COMPLETE',
      start_time: utc(startMs),
      end_time: utc(endMs),
      unexpected_end_time: null,
      created_timezone: spec.zone === undefined ? 'Asia/Seoul' : spec.zone,
      sleep_stages: stages,
      breath_stages: null,
      snoring_stages: snoring,
    },
    stat: spec.neverSlept
      ? null
      : toAsleepStat(computeNightStats({ stages, snoring, startMs, endMs }), {
          timezone: 'UTC',
          sleepIndex: 70,
        }),
  };
}

export function completedEvent(
  tenantId: string,
  userId: string,
  data: SleepData,
  version = 1,
): SessionCompleted {
  const sessionId = data.session.id;
  return {
    eventId: `${sessionId}@${version}`,
    type: SESSION_COMPLETED,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId,
    key: userId,
    payload: { userId, sessionId, version, sleepData: data },
  };
}

export function deletedEvent(
  tenantId: string,
  userId: string,
  sessionId: string,
  version: number,
): SessionDeleted {
  return {
    eventId: `${sessionId}@${version}`,
    type: SESSION_DELETED,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId,
    key: userId,
    payload: { userId, sessionId, version, reason: 'session-deleted' },
  };
}

/** The first progress of a night (its start), as session-service announces an OPEN session. */
export function progressedEvent(
  tenantId: string,
  userId: string,
  data: SleepData,
  version = 1,
): SessionProgressed {
  const sessionId = data.session.id;
  return {
    eventId: `${sessionId}@${version}`,
    type: SESSION_PROGRESSED,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId,
    key: userId,
    payload: {
      userId,
      sessionId,
      version,
      state: 'OPEN',
      startTime: data.session.start_time,
      endTime: null,
      createdTimezone: data.session.created_timezone,
      receivedEpochs: 0,
      epochs: { fromEpoch: 0, sleepStages: [], snoringStages: [], breathStages: null },
    },
  };
}
