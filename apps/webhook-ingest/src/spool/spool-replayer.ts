import { setTimeout as sleep } from 'node:timers/promises';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import type { LoggerLike, Publisher } from '@sleep/messaging';
import type { DurableRecord } from '../durability/durable-record';
import type { Spool } from './spool';

export interface SpoolReplayerOptions {
  /** Per publish: Kafka takes at most 1 MiB per partition and batch. */
  batchBytes?: number;
  batchRecords?: number;
  backoffMs?: { initial: number; max: number };
  onReplayed?(count: number): void;
}

/**
 * Sends the spool to Kafka in append order once Kafka takes writes again, and forgets each
 * batch only after Kafka acknowledged it. A crash in between sends that batch twice, which
 * the deterministic event ids make harmless. Runs whenever the spool holds records.
 */
export class SpoolReplayer {
  private running?: Promise<void>;
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly spool: Spool,
    private readonly publisher: Publisher,
    private readonly logger: LoggerLike,
    private readonly options: SpoolReplayerOptions = {},
  ) {}

  get active(): boolean {
    return this.running !== undefined;
  }

  /** Starts draining unless it already runs; cheap to call after every append. */
  wake(): void {
    if (this.stopped || this.running) return;
    // Outside the trace of the request that woke it: each record carries its own traceparent.
    this.running = context
      .with(ROOT_CONTEXT, () => this.drain())
      .finally(() => {
        this.running = undefined;
        // An append may have landed between the last read and the end of the loop.
        if (this.spool.records > 0) this.wake();
      });
  }

  /**
   * Shutdown: keeps replaying until the spool is empty or `budgetMs` has passed, then stops, so
   * a replica that goes away for good (a scale-in) leaves nothing on its volume while Kafka is
   * up. Returns how many records stay on disk for the next start.
   */
  async flush(budgetMs: number): Promise<number> {
    const deadline = Date.now() + budgetMs;
    while (!this.stopped && this.spool.records > 0 && Date.now() < deadline) {
      this.wake();
      await sleep(20);
    }
    await this.stop();
    return this.spool.records;
  }

  /** Waits for the batch in flight; whatever is left stays on disk for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.running;
  }

  private async drain(): Promise<void> {
    const { initial, max } = this.options.backoffMs ?? { initial: 250, max: 5_000 };
    let failures = 0;
    let replayed = 0;
    while (!this.stopped && this.spool.records > 0) {
      try {
        const { records, cursor } = await this.spool.read(
          this.options.batchRecords ?? 500,
          this.options.batchBytes ?? 900_000,
        );
        if (records.length === 0) {
          // The oldest file is used up, or the newest appends are not on disk yet.
          await this.spool.commit(cursor);
          await this.pause(20);
          continue;
        }
        await this.send(records);
        await this.spool.commit(cursor);
        failures = 0;
        replayed += records.length;
        this.options.onReplayed?.(records.length);
      } catch (error) {
        failures += 1;
        const delayMs = Math.min(max, initial * 2 ** (failures - 1));
        if (failures === 1 || failures % 10 === 0) {
          this.logger.warn(
            { err: error, spooled: this.spool.records, failures, delayMs },
            'spool replay failed; retrying',
          );
        }
        await this.pause(delayMs);
      }
    }
    if (replayed > 0)
      this.logger.info({ replayed, spooled: this.spool.records }, 'spool replayed to kafka');
  }

  /** One publish per run of records bound for the same topic, so the order of each topic is kept. */
  private async send(records: DurableRecord[]): Promise<void> {
    let start = 0;
    while (start < records.length) {
      let end = start + 1;
      while (end < records.length && records[end].topic === records[start].topic) end += 1;
      const messages = records
        .slice(start, end)
        .map(({ key, value, headers }) => ({ key, value, headers }));
      await this.publisher.publish(records[start].topic, messages);
      start = end;
    }
  }

  private pause(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.abort.signal }).catch(() => undefined);
  }
}
