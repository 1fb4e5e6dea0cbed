import type { LoggerLike, Publisher } from '@sleep/messaging';
import { traceParentOf, tracingEnabled } from '@sleep/observability';
import type { Spool } from '../spool/spool';
import type { SpoolReplayer } from '../spool/spool-replayer';
import type { DurableRecord, Durability } from './durable-record';

/**
 * Makes a record durable before the webhook is answered: Kafka's acknowledgement (acks=all,
 * idempotent producer) when it comes in time, else an fsynced spool append. While the spool
 * holds anything, new records go behind it, so a user's events reach Kafka in the order they
 * were answered and an outage costs one publish timeout, not one per request.
 */
export class DurableWriter {
  private degraded = false;

  constructor(
    private readonly publisher: Publisher,
    private readonly spool: Spool,
    private readonly replayer: SpoolReplayer,
    private readonly logger: LoggerLike,
  ) {}

  /** Resolves with where the record became durable; rejects only when neither Kafka nor the spool took it. */
  async write(record: DurableRecord): Promise<Durability> {
    if (this.spool.records === 0) {
      try {
        await this.publisher.publish(record.topic, {
          key: record.key,
          value: record.value,
          headers: record.headers,
        });
        this.recovered();
        return 'kafka';
      } catch (error) {
        this.degrade(error);
      }
    }
    await this.spool.append(withTraceParent(record));
    this.replayer.wake();
    return 'spool';
  }

  private degrade(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn(
      { err: error },
      'kafka did not acknowledge in time; spooling webhooks until it does',
    );
  }

  private recovered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.logger.info({}, 'kafka acknowledges again; webhooks go straight to kafka');
  }
}

/**
 * A spooled record keeps the webhook's trace context: its `traceparent` is stored with it and
 * sent as a header on replay, so the consumer's span continues the webhook's trace however late.
 */
function withTraceParent(record: DurableRecord): DurableRecord {
  const traceparent = tracingEnabled() ? traceParentOf() : undefined;
  if (!traceparent || record.headers?.['traceparent']) return record;
  return { ...record, headers: { ...record.headers, traceparent } };
}
