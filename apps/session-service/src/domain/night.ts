import type { SessionState, SleepData, Stat } from '@sleep/contracts';

/** One 30 s epoch's value, or null while it has not been received. */
export type Epoch = number | null;

/** An INFERENCE_COMPLETE window already merged: its `inference_seq_num` and epochs `[from, to)`. */
export interface WindowRecord {
  readonly k: number;
  readonly from: number;
  readonly to: number;
}

/** A stored night: everything the store knows about one session (Asleep contract S1, 5.4, 5.5). */
export interface Night {
  readonly tenantId: string;
  readonly userId: string;
  readonly sessionId: string;
  readonly state: SessionState;
  readonly startMs: number;
  readonly endMs: number | null;
  readonly unexpectedEndMs: number | null;
  readonly createdTimezone: string | null;
  /** Null when Asleep sent none (e.g. a night too short to analyse). */
  readonly sleepStages: readonly Epoch[] | null;
  readonly snoringStages: readonly Epoch[] | null;
  readonly breathStages: readonly Epoch[] | null;
  /** Provenance of real-time epochs while the night is open; empty once COMPLETE. */
  readonly windows: readonly WindowRecord[];
  readonly peculiarities: readonly string[];
  readonly missingDataRatio: number | null;
  /** Asleep's stat as received, datetimes rendered in UTC. */
  readonly stat: Stat | null;
  readonly lastSeqNum: number | null;
  /** 1 for the first stored change, +1 for each later one: the version of its events. */
  readonly version: number;
}

interface DeliveryBase {
  readonly tenantId: string;
  readonly userId: string;
  readonly sessionId: string;
  /** When it reached the platform (webhook-ingest's `occurredAt`, or when it was fetched). */
  readonly receivedAtMs: number;
}

/** INFERENCE_COMPLETE (Asleep contract 5.4): epochs ending at `seqNum`, the window's last epoch. */
export interface WindowDelivery extends DeliveryBase {
  readonly kind: 'window';
  readonly k: number;
  readonly seqNum: number;
  readonly sleepStages: readonly number[];
  readonly snoringStages: readonly number[] | null;
  readonly breathStages: readonly number[] | null;
}

/** SESSION_COMPLETE, or a session fetched from the API in state COMPLETE: final (contract 5.5). */
export interface FinalDelivery extends DeliveryBase {
  readonly kind: 'final';
  readonly data: SleepData;
}

/** A session fetched from the API while OPEN or CLOSED (contract 6). */
export interface SnapshotDelivery extends DeliveryBase {
  readonly kind: 'snapshot';
  readonly data: SleepData;
}

export type Delivery = WindowDelivery | FinalDelivery | SnapshotDelivery;

export const sessionKey = (userId: string, sessionId: string): string =>
  `${userId}\u0000${sessionId}`;
