interface Waiting<T, R> {
  items: readonly T[];
  resolve: (results: R[]) => void;
  reject: (error: unknown) => void;
}

export interface GroupedBatchesOptions {
  /**
   * Batches are joined while their items add up to at most this many (a larger batch still goes,
   * alone): joining small batches saves a transaction each, joining large ones saves little and
   * makes one write hold them all in memory at once.
   */
  maxItems?: number;
}

/**
 * Group commit for a consumer that handles several partitions at once: the batches handed over
 * while one write runs wait, then go out together in one `writeAll` (one transaction, not one per
 * partition in turn), each batch's items after those of the batches that came before it, so a
 * partition's order is kept. `writeAll` answers one result per item, in the items' order; each
 * batch resolves with its own once the write holding it committed, and fails with it (its
 * consumer then retries it on its own terms).
 */
export class GroupedBatches<T, R = void> {
  private waiting: Waiting<T, R>[] = [];
  private running?: Promise<void>;
  private readonly maxItems: number;

  constructor(
    private readonly writeAll: (items: T[]) => Promise<readonly R[]>,
    options: GroupedBatchesOptions = {},
  ) {
    this.maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
  }

  write(items: readonly T[]): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      this.running ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    // One macrotask first: the batches of one fetch, handed over in the same tick, go together.
    await new Promise<void>((next) => setImmediate(next));
    try {
      while (this.waiting.length > 0) {
        const group = this.nextGroup();
        try {
          const results = await this.writeAll(group.flatMap((batch) => batch.items));
          let at = 0;
          for (const batch of group) {
            batch.resolve(results.slice(at, at + batch.items.length));
            at += batch.items.length;
          }
        } catch (error) {
          for (const batch of group) batch.reject(error);
        }
      }
    } finally {
      this.running = undefined;
    }
  }

  /** The oldest waiting batches whose items fit in `maxItems` (the oldest one at least). */
  private nextGroup(): Waiting<T, R>[] {
    let taken = 0;
    let items = 0;
    while (taken < this.waiting.length) {
      items += this.waiting[taken].items.length;
      if (taken > 0 && items > this.maxItems) break;
      taken++;
    }
    return this.waiting.splice(0, taken);
  }
}
