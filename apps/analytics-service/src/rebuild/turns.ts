import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest stretch of computation before the event loop gets a turn. */
const SLICE_MS = 2;

/**
 * Hands the event loop a turn once a slice of computation has run: while one batch computes,
 * the other batch's statements (sent and answered on the event loop) keep the server busy
 * instead of waiting for the whole computation to end.
 */
export class Turns {
  private since = performance.now();

  async giveWhenDue(): Promise<void> {
    if (performance.now() - this.since < SLICE_MS) return;
    await nextTurn();
    this.since = performance.now();
  }
}
