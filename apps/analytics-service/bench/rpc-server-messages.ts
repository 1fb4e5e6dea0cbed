/** What the benchmark asks its RPC server process: its CPU used so far, or to close. */
export type ToServer = { kind: 'cpu' } | { kind: 'close' };

/** What the RPC server process answers: where it listens (and with which flags), its CPU so far. */
export type FromServer =
  | { kind: 'listening'; url: string; flags: string }
  | { kind: 'cpu'; ms: number };
