import { Injectable } from '@nestjs/common';
import { WakeSignal } from '../common/wake-signal';

/** Characters of event values kept for the relay at most (about twice as many bytes). */
const KEPT_CHARS = 16_000_000;

/**
 * Raised by every transaction that stored events, so the relay publishes them at once. It also
 * hands the relay the values this process just wrote, by outbox id, so that its claim need not
 * read them back from Postgres. A value is exactly the text stored under that id (ids are never
 * reused and values never change), so the relay publishes the same bytes either way; whatever is
 * not kept here (another instance's rows, the oldest ones past the limit) it reads from the table.
 */
@Injectable()
export class OutboxSignal extends WakeSignal {
  private readonly values = new Map<string, string>();
  private chars = 0;

  /** Characters of values kept at most. */
  limitChars = KEPT_CHARS;

  /** Values stored under these outbox ids (ids as Postgres prints them). */
  keep(ids: readonly string[], values: readonly string[]): void {
    if (ids.length !== values.length) return;
    for (let i = 0; i < ids.length; i++) {
      const value = values[i];
      if (this.values.has(ids[i])) continue;
      this.values.set(ids[i], value);
      this.chars += value.length;
    }
    // The oldest go first: the relay claims the oldest rows, so these were most likely published
    // by another instance already.
    for (const [id, value] of this.values) {
      if (this.chars <= this.limitChars) break;
      this.values.delete(id);
      this.chars -= value.length;
    }
  }

  /** The value kept for this id; undefined when not kept. */
  keptValue(id: string): string | undefined {
    return this.values.get(id);
  }

  /** Forgets these ids: published, or their transaction did not commit. */
  forget(ids: readonly string[]): void {
    for (const id of ids) {
      const value = this.values.get(id);
      if (value === undefined) continue;
      this.values.delete(id);
      this.chars -= value.length;
    }
  }

  get keptValues(): number {
    return this.values.size;
  }
}
