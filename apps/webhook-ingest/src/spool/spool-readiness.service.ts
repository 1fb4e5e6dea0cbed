import { type Admin, checkKafka } from '@sleep/messaging';
import type { ReadinessStatus } from '@sleep/service-kit';
import type { Spool } from './spool';

const PROBE_EVERY_MS = 5_000;

/**
 * The two readiness answers of webhook-ingest. `spool`: the disk takes writes and has room for
 * one more webhook. `kafka`: events can be made durable, by the broker or, while it is away, by
 * the spool; a broker outage alone must not take every replica out of rotation at once, since
 * the spool exists to ride it out.
 */
export class SpoolReadiness {
  private probe?: { at: number; result: Promise<boolean> };

  constructor(
    private readonly spool: Spool,
    private readonly admin: Admin,
    private readonly recordBytes: number,
  ) {}

  async spoolStatus(): Promise<ReadinessStatus> {
    const writable = await this.writable();
    const full = this.spool.bytes + this.recordBytes > this.spool.options.maxBytes;
    const details = {
      records: this.spool.records,
      bytes: this.spool.bytes,
      maxBytes: this.spool.options.maxBytes,
      writable,
      full,
    };
    return { ok: writable && !full, details };
  }

  async kafkaStatus(): Promise<ReadinessStatus> {
    const [broker, spool] = await Promise.all([checkKafka(this.admin), this.spoolStatus()]);
    return {
      ok: broker || spool.ok,
      details: { broker: broker ? 'up' : 'down', spooling: this.spool.records > 0 },
    };
  }

  /** A real write, at most every few seconds, shared by overlapping probes. */
  private writable(): Promise<boolean> {
    const now = Date.now();
    if (!this.probe || now - this.probe.at > PROBE_EVERY_MS || this.spool.failure !== undefined) {
      this.probe = {
        at: now,
        result: this.spool.probe().then(
          () => true,
          () => false,
        ),
      };
    }
    return this.probe.result;
  }
}
