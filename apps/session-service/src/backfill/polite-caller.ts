import { setTimeout as sleep } from 'node:timers/promises';
import { isAsleepError } from '@sleep/asleep-client';

/**
 * Paces calls to Asleep for long imports: the client already retries a rate limit a few times; if
 * it still hits one, wait, and keep a gap between later calls that doubles on every further rate
 * limit and halves on every success (Asleep contract 4.1 documents no limit values).
 */
export class PoliteCaller {
  private gapMs = 0;

  constructor(
    private readonly maxGapMs = 30_000,
    private readonly isStopped: () => boolean = () => false,
    private readonly wait: (ms: number) => Promise<unknown> = (ms) => sleep(ms),
  ) {}

  get currentGapMs(): number {
    return this.gapMs;
  }

  async call<T>(fn: () => Promise<T>): Promise<T> {
    for (;;) {
      if (this.gapMs > 0) await this.wait(this.gapMs);
      try {
        const result = await fn();
        this.gapMs = Math.floor(this.gapMs / 2);
        return result;
      } catch (error) {
        if (!isAsleepError(error) || error.kind !== 'rate_limited' || this.isStopped()) throw error;
        this.gapMs = Math.min(this.maxGapMs, Math.max(250, this.gapMs * 2));
      }
    }
  }
}
