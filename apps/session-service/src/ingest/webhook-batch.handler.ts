import { Inject, Injectable } from '@nestjs/common';
import { SESSION_COMPLETED, type WebhookReceived } from '@sleep/contracts';
import {
  BatchingProducer,
  type ConsumedMessage,
  type OutgoingMessage,
  deadLetterFor,
  GroupedBatches,
  isPermanentFailure,
} from '@sleep/messaging';
import { ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { Delivery } from '../domain/night';
import { dlqOf } from '../kafka/consumer-config';
import { SessionMetrics } from '../observability/session.metrics';
import { reportStatMismatches } from '../observability/stat-mismatches';
import { SESSION_SETTINGS, type SessionSettings } from '../session-settings';
import { type DeliveryResult, SessionWriter } from '../store/session-writer';
import { deliveryFromWebhook } from './webhook-delivery';

type Message = ConsumedMessage<WebhookReceived>;

/** The most deliveries one shared transaction joins from several partitions' batches. */
const MAX_GROUPED_DELIVERIES = 200;

/** Told after each committed batch: Kafka timestamps (ms) of its messages. */
export type CommitListener = (timestamps: readonly number[], committedAtMs: number) => void;

/**
 * One fetched batch: parse, apply in one transaction, dead-letter what cannot work. The consumer
 * commits the offsets only after this resolves, so nothing is skipped on a failure. The batches
 * of the partitions handled at the same time share one transaction (`GroupedBatches`): at a
 * steady rate a fetch brings each partition a night or two, and a transaction per partition cost
 * Postgres and this service more than the nights themselves.
 */
@Injectable()
export class WebhookBatchHandler {
  private readonly listeners = new Set<CommitListener>();
  private readonly grouped = new GroupedBatches<Delivery, DeliveryResult>(
    (deliveries) => this.writer.apply(deliveries),
    // A backlog's fetch brings a partition ~200 webhooks: joined six at a time they cost this
    // process more CPU per webhook (one write holding ~1,200 nights), and save few transactions.
    { maxItems: MAX_GROUPED_DELIVERIES },
  );

  constructor(
    private readonly writer: SessionWriter,
    private readonly producer: BatchingProducer,
    private readonly metrics: SessionMetrics,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onCommitted(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async handle(messages: Message[]): Promise<void> {
    const dead: OutgoingMessage[] = [];
    const accepted: { message: Message; delivery: Delivery }[] = [];
    for (const message of messages) {
      const parsed = deliveryFromWebhook(message.value);
      if (parsed.ok) accepted.push({ message, delivery: parsed.delivery });
      else {
        dead.push(deadLetterFor(message, parsed.reason, parsed.message, message.value.tenantId));
        this.metrics.webhooks.inc({ event: message.value.payload.event, outcome: 'dead-lettered' });
      }
    }
    const results = await this.applyAll(accepted, dead);
    const committedAtMs = Date.now();
    accepted.forEach(({ message, delivery }, i) => {
      const result = results[i];
      if (result?.outcome === 'tenant-mismatch') {
        dead.push(
          deadLetterFor(
            message,
            'tenant-mismatch',
            'the user belongs to another tenant',
            delivery.tenantId,
          ),
        );
      }
      this.record(message, delivery, result);
    });
    if (dead.length > 0) await this.producer.publish(dlqOf(this.settings.topics.webhooks), dead);
    const timestamps = messages.map((message) => Number(message.timestamp));
    for (const timestamp of timestamps)
      this.metrics.commitDelay.observe(Math.max(0, committedAtMs - timestamp) / 1000);
    for (const listener of this.listeners) listener(timestamps, committedAtMs);
  }

  /**
   * The whole batch in one transaction (with the other partitions' batches ready); if that fails
   * for good, this batch one by one, on its own, to find the culprit.
   */
  private async applyAll(
    accepted: { message: Message; delivery: Delivery }[],
    dead: OutgoingMessage[],
  ) {
    if (accepted.length === 0) return [];
    try {
      return await this.grouped.write(accepted.map(({ delivery }) => delivery));
    } catch (error) {
      if (!isPermanentFailure(error)) throw error;
      const results: (DeliveryResult | undefined)[] = [];
      for (const { message, delivery } of accepted) {
        try {
          results.push(...(await this.writer.apply([delivery])));
        } catch (single) {
          if (!isPermanentFailure(single)) throw single;
          this.logger.error(
            { err: single, sessionId: delivery.sessionId },
            'webhook cannot be stored; dead-lettered',
          );
          dead.push(
            deadLetterFor(
              message,
              'processing-failed',
              (single as Error).message,
              delivery.tenantId,
            ),
          );
          results.push(undefined);
        }
      }
      return results;
    }
  }

  private record(message: Message, delivery: Delivery, result: DeliveryResult | undefined): void {
    const event = message.value.payload.event;
    if (!result) return void this.metrics.webhooks.inc({ event, outcome: 'dead-lettered' });
    this.metrics.webhooks.inc({ event, outcome: result.outcome });
    if (result.eventType) this.metrics.events.inc({ type: result.eventType });
    if (result.eventType === SESSION_COMPLETED) this.metrics.nightCompleted(delivery.tenantId);
    reportStatMismatches(this.metrics, this.logger, delivery.sessionId, result.statMismatches);
  }
}
