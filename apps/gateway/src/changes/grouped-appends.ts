import type { ChangeToAppend } from '@sleep/gateway-api';

interface Waiting {
  changes: readonly ChangeToAppend[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the change-ledger writer: the batches of a topic's partitions, handled at the
 * same time, are appended together. While one append runs, the batches that arrive wait and then
 * go out in one `appendAll` (one transaction per tenant), each batch's changes after those of the
 * batches that came before it, so a partition's order is kept. Each batch resolves once the append
 * holding it committed, and fails with it (its consumer then retries it; the ledger drops what a
 * retry appends twice by its dedupe key).
 */
export class GroupedAppends {
  private waiting: Waiting[] = [];
  private running?: Promise<void>;

  constructor(private readonly appendAll: (changes: ChangeToAppend[]) => Promise<unknown>) {}

  append(changes: readonly ChangeToAppend[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ changes, resolve, reject });
      this.running ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    // One macrotask first: the batches of one fetch, handed over in the same tick, go together.
    await new Promise<void>((next) => setImmediate(next));
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting;
        this.waiting = [];
        try {
          await this.appendAll(group.flatMap((batch) => batch.changes));
          for (const batch of group) batch.resolve();
        } catch (error) {
          for (const batch of group) batch.reject(error);
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
