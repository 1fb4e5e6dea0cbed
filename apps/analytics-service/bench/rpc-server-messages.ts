/** A garbage-collection pause, in ms since the epoch (comparable across the two processes). */
export interface GcPause {
  start: number;
  end: number;
  major: boolean;
}

/** A span of the server's work, in ms since the epoch: a request (arrival to reply sent) or a query. */
export interface ServerSpan {
  kind: 'request' | 'query';
  start: number;
  end: number;
}

/** What the benchmark asks its RPC server process: its CPU used so far, its GC pauses or its spans since the last ask, or to close. */
export type ToServer = { kind: 'cpu' } | { kind: 'gc' } | { kind: 'spans' } | { kind: 'close' };

/** What the RPC server process answers: where it listens (and with which flags), its CPU so far, its GC pauses, its spans. */
export type FromServer =
  | { kind: 'listening'; url: string; flags: string }
  | { kind: 'cpu'; ms: number }
  | { kind: 'gc'; pauses: GcPause[] }
  | { kind: 'spans'; spans: ServerSpan[] };
