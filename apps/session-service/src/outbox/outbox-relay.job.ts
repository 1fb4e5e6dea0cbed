import { setTimeout as sleep } from 'node:timers/promises';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { BatchingProducer, type OutgoingMessage, type Publisher } from '@sleep/messaging';
import { tracingEnabled } from '@sleep/observability';
import { DATABASE, type DatabaseHandle, type Transaction } from '@sleep/persistence';
import { ROOT_LOGGER } from '@sleep/service-kit';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { SessionMetrics } from '../observability/session.metrics';
import { SESSION_SETTINGS, type SessionSettings } from '../session-settings';
import { OutboxSignal } from '../store/outbox-signal';
import { startOutboxPublishSpan, type OutboxPublishSpan } from './outbox-publish-trace';
import { rowsOf } from '../store/session.repository';

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  event_id: string;
  trace_parent: string | null;
}

const BATCH = 500;
const POLL_MS = 500;
const PURGE_EVERY_MS = 30_000;
/** Under the broker's default message.max.bytes (1 MiB), headers and framing included. */
const REQUEST_BYTES = 900_000;

const approximateSize = (message: OutgoingMessage) =>
  Buffer.byteLength(String(message.value)) + Buffer.byteLength(String(message.key)) + 200;

/** Consecutive runs of messages whose sizes add up to at most `maxBytes` (one message at least). */
export function inRequests(messages: OutgoingMessage[], maxBytes: number): OutgoingMessage[][] {
  const requests: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = approximateSize(message);
    if (current.length > 0 && bytes + size > maxBytes) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

/**
 * The outbox's relay. Each round claims the oldest unpublished events with FOR UPDATE SKIP LOCKED,
 * so instances share the work, and leaves out any event whose key has an older one still
 * unpublished outside its claim, so each user's events reach Kafka in order. The claim is held
 * until Kafka acknowledged and the rows are marked sent; a crash in between publishes them again
 * (consumers dedupe on `eventId`), never loses them.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private running = false;
  private loop?: Promise<void>;
  private lastPurge = 0;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(BatchingProducer) private readonly publisher: Publisher,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
    private readonly signal: OutboxSignal,
    private readonly metrics: SessionMetrics,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.signal.wake();
    await this.loop;
  }

  /** One round; resolves with how many events were published. */
  async relayOnce(limit = BATCH): Promise<number> {
    return this.database.transaction(async (tx) => {
      const rows = rowsOf<OutboxRow>(
        await tx.execute(sql`
          with claimed as materialized (
            select id, key from outbox where published_at is null order by id limit ${limit} for update skip locked
          )
          select o.id::text as id, o.topic, o.key, o.event_id, o.trace_parent
          from outbox o join claimed c on c.id = o.id
          where not exists (
            select 1 from outbox older
            where older.key = c.key and older.published_at is null and older.id < c.id
              and older.id not in (select id from claimed)
          )
          order by o.id`),
      );
      if (rows.length === 0) return 0;
      const values = await this.valuesOf(tx, rows);
      const byTopic = new Map<string, OutgoingMessage[]>();
      const spans: OutboxPublishSpan[] = [];
      rows.forEach((row, i) => {
        let headers = this.headers(row);
        if (row.trace_parent && tracingEnabled()) {
          const span = startOutboxPublishSpan(row.topic, row.trace_parent, headers);
          spans.push(span);
          headers = span.headers;
        }
        const message = { key: row.key, value: values[i], headers };
        const messages = byTopic.get(row.topic);
        if (messages) messages.push(message);
        else byTopic.set(row.topic, [message]);
      });
      try {
        await Promise.all(
          [...byTopic].map(([topic, messages]) => this.publishInRequests(topic, messages)),
        );
      } catch (error) {
        for (const span of spans) span.end(error as Error);
        throw error;
      }
      for (const span of spans) span.end();
      const ids = rows.map((row) => row.id);
      await tx.execute(
        sql`update outbox set published_at = now() where id = any(${sql.param(ids)}::bigint[])`,
      );
      this.signal.forget(ids);
      this.metrics.outboxPublished.inc(rows.length);
      return rows.length;
    });
  }

  /**
   * The claimed events' values, in the rows' order: those this process wrote are kept by the
   * writer (the same text), the others are read from the table.
   */
  private async valuesOf(tx: Transaction, rows: readonly OutboxRow[]): Promise<string[]> {
    const values: (string | undefined)[] = rows.map((row) => this.signal.keptValue(row.id));
    const missing = rows.filter((_, i) => values[i] === undefined).map((row) => row.id);
    if (missing.length === 0) return values as string[];
    const read = new Map(
      rowsOf<{ id: string; value: string }>(
        await tx.execute(
          sql`select id::text as id, value from outbox where id = any(${sql.param(missing)}::bigint[])`,
        ),
      ).map((row) => [row.id, row.value]),
    );
    return rows.map((row, i) => {
      const value = values[i] ?? read.get(row.id);
      if (value === undefined) throw new Error(`outbox row ${row.id} has no value`);
      return value;
    });
  }

  /**
   * A claim can hold far more than Kafka takes in one request (500 completed nights are ~10 MB,
   * the broker refuses a partition's batch over 1 MiB): it goes out in requests of at most
   * REQUEST_BYTES, one after the other, so a failure leaves only later events unsent, in order.
   */
  private async publishInRequests(topic: string, messages: OutgoingMessage[]): Promise<void> {
    for (const request of inRequests(messages, REQUEST_BYTES))
      await this.publisher.publish(topic, request);
  }

  /**
   * `source` names the deployment (its consumer group): two deployments reading the same webhooks
   * publish the same events, and a reader can tell whose copy it holds.
   */
  private headers(row: OutboxRow): Record<string, string> {
    return { 'event-id': row.event_id, source: `session-service:${this.settings.groupId}` };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const published = await this.relayOnce();
        failures = 0;
        if (published >= BATCH) {
          await this.measureBacklog();
          continue;
        }
        this.metrics.outboxPending.set(0);
        await this.purge();
        await this.signal.wait(POLL_MS);
      } catch (error) {
        failures += 1;
        this.metrics.outboxErrors.inc();
        this.logger.warn({ err: error, failures }, 'outbox relay round failed; events stay queued');
        await sleep(Math.min(5_000, 100 * 2 ** failures));
      }
    }
    // Shutdown: publish what the last batches wrote, if Kafka lets us; otherwise it waits for the next start.
    await this.relayOnce().catch(() => undefined);
  }

  private async measureBacklog(): Promise<void> {
    const [row] = await this.database.query<{ n: string }>(
      'select count(*) as n from outbox where published_at is null',
    );
    this.metrics.outboxPending.set(Number(row?.n ?? 0));
  }

  /** Sent events are kept a little while for inspection, then removed. */
  private async purge(): Promise<void> {
    if (Date.now() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = Date.now();
    await this.database.query(
      `delete from outbox where published_at < now() - interval '10 minutes'`,
    );
  }
}
