/** A garbage-collection pause, in ms since the epoch (comparable across the two processes). */
export interface GcPause {
  start: number;
  end: number;
  major: boolean;
}

/** What the benchmark asks its RPC server process: its CPU used so far, its GC pauses since the last ask, or to close. */
export type ToServer = { kind: 'cpu' } | { kind: 'gc' } | { kind: 'close' };

/** What the RPC server process answers: where it listens (and with which flags), its CPU so far, its GC pauses. */
export type FromServer =
  | { kind: 'listening'; url: string; flags: string }
  | { kind: 'cpu'; ms: number }
  | { kind: 'gc'; pauses: GcPause[] };
