import { Inject, Injectable } from '@nestjs/common';
import { type SessionEvent, Topics } from '@sleep/contracts';
import {
  BatchingProducer,
  type ConsumedMessage,
  type OutgoingMessage,
  deadLetterFor,
  isPermanentFailure,
} from '@sleep/messaging';
import { DATABASE, type AnyDatabaseHandle } from '@sleep/persistence';
import { ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import { ANALYTICS_SETTINGS, type AnalyticsSettings } from '../analytics.settings';
import { TenantRules } from '../settings/tenant-rules';
import { liveOnly } from '../tenants/deleted-tenants';
import { AnalyticsMetrics } from '../observability/analytics.metrics';
import { FactChanges } from './fact-changes';
import { factIntents } from './fact-intents';
import { FactWriter, type WriteResult } from './fact-writer';
import { sessionStarts } from './session-starts';
import type { SessionTopicMessage } from './session-topic.schema';

type Message = ConsumedMessage<SessionTopicMessage>;

/** `sleep.sessions.v1` into nightly facts: one transaction per batch, retried on failure. */
@Injectable()
export class SessionEventsHandler {
  private readonly writer: FactWriter;
  private readonly rules: TenantRules;

  constructor(
    @Inject(DATABASE) private readonly database: AnyDatabaseHandle,
    private readonly producer: BatchingProducer,
    private readonly metrics: AnalyticsMetrics,
    private readonly changes: FactChanges,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    @Inject(ANALYTICS_SETTINGS) private readonly settings: AnalyticsSettings,
  ) {
    this.writer = new FactWriter(database);
    this.rules = new TenantRules(database);
  }

  async handle(messages: readonly Message[]): Promise<void> {
    try {
      await this.write(events(messages));
    } catch (error) {
      if (!isPermanentFailure(error)) throw error;
      await this.oneByOne(messages);
    }
  }

  /** Finds the message the database refuses for good; it goes to the DLQ, the others are stored. */
  private async oneByOne(messages: readonly Message[]): Promise<void> {
    const dead: OutgoingMessage[] = [];
    for (const message of messages) {
      try {
        await this.write(events([message]));
      } catch (error) {
        if (!isPermanentFailure(error)) throw error;
        this.logger.error({ err: error, offset: message.offset }, 'session event dead-lettered');
        this.metrics.processingErrors.inc({ reason: 'processing-failed' });
        dead.push(deadLetterFor(message, 'processing-failed', (error as Error).message));
      }
    }
    if (dead.length > 0) await this.producer.publish(Topics.sleepSessions.dlq, dead);
  }

  private async write(events: SessionEvent[]): Promise<void> {
    const batch = await liveOnly(this.database, events);
    const rules = await this.rules.of(batch.map((event) => event.tenantId));
    const rulesOf = (tenantId: string) => rules.get(tenantId);
    const result: WriteResult = await this.writer.apply(
      factIntents(batch, rulesOf),
      sessionStarts(batch, rulesOf, this.settings.completenessDeadlineHours),
    );
    this.metrics.factsStored.inc(result.stored);
    this.metrics.factsDeleted.inc(result.deleted);
    for (const reason of result.skipped) {
      this.metrics.nightsSkipped.inc({ reason });
      this.logger.warn({ reason }, 'completed session skipped: incomplete facts');
    }
    await this.changes.publish(result.changedDays);
  }
}

function events(messages: readonly Message[]): SessionEvent[] {
  return messages.flatMap((m) => (m.value.kind === 'event' ? [m.value.event] : []));
}
