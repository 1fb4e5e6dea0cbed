import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Long synchronous work cut into slices: `next()`, called between items, gives the event loop a
 * turn (I/O callbacks, timers, the RPC's reads) once `budgetMs` have passed since the last one.
 * Working through a backlog, a batch's nights (each a fraction of a millisecond) would otherwise
 * be handled in one go, and every read the process serves meanwhile would wait for them all; with
 * six partitions in flight, for several batches in a row.
 */
export class TimeSlice {
  private startedAt = performance.now();

  /** How many times it gave the loop a turn so far. */
  turns = 0;

  constructor(private readonly budgetMs = TimeSlice.DEFAULT_BUDGET_MS) {}

  /** Long enough that a turn's cost (a few µs) is lost in the work, short enough for a read's hops. */
  static readonly DEFAULT_BUDGET_MS = 5;

  /** Resolves at once within the budget; past it, after one turn of the event loop. */
  async next(): Promise<void> {
    if (performance.now() - this.startedAt < this.budgetMs) return;
    await nextTurn();
    this.turns += 1;
    this.startedAt = performance.now();
  }
}
