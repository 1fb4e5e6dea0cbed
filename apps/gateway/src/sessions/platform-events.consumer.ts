import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  SESSION_DELETED,
  type SessionDeletions,
  SessionDeletionsSchema,
  Topics,
  USER_DELETED,
  type UserEvent,
  UserEventSchema,
} from '@sleep/contracts';
import type { GatewayDeps } from '@sleep/gateway-api';
import {
  type ConsumedMessage,
  ConsumerHost,
  KAFKA_CLIENT,
  type Kafka,
  type Publisher,
  REPLICA_GROUP_PREFIXES,
  replicaGroupId,
} from '@sleep/messaging';
import { METRICS_REGISTRY, ReadinessChecks, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { GATEWAY_DEPS } from '../gateway.tokens';

/** How a deletion's type appears in its JSON: no other event of the topic contains it. */
const SESSION_DELETED_TEXT = JSON.stringify(SESSION_DELETED);

/**
 * Every replica must see every event (its own subscribers and cache), so each joins with a
 * group of its own, from the newest offset: a broadcast, not a work queue.
 */
const instanceGroup = (purpose: string) =>
  replicaGroupId(`${REPLICA_GROUP_PREFIXES.gatewayLiveEvents}${purpose}-`);

/**
 * Drops cached sessions when a session or a user is deleted (`sleep.sessions.v1`,
 * `sleep.users.v1`); a deleted user's open streams end. (`sessions.live` reads the change feed.)
 */
@Injectable()
export class PlatformEventsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumers: ConsumerHost<never>[] = [];

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(GATEWAY_DEPS) private readonly deps: GatewayDeps,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    readiness: ReadinessChecks,
  ) {
    readiness.add(
      'platform-events',
      async () => this.consumers.length === 2 && this.consumers.every((c) => c.ready),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    // Another service's malformed event is its DLQ's business; here it is only skipped and logged.
    const skip: Publisher = {
      publish: async (topic, messages) => {
        this.logger.warn(
          { topic, count: [messages].flat().length },
          'invalid platform event skipped',
        );
      },
    };
    const common = {
      kafka: this.kafka,
      dlq: skip,
      fromBeginning: false,
      // A group of this replica alone: nothing resumes from its offsets.
      commitOffsets: false,
      logger: this.logger,
      registry: this.registry,
    };
    const consumerConfig = {
      // A fetch answers as soon as a message arrives; this only bounds an idle one. At 100 ms the
      // gateway's five idle fetch loops cost the broker about 15 % of a core on their own.
      maxWaitTimeInMs: 500,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    };
    const consumers = [
      new ConsumerHost<SessionDeletions>({
        ...common,
        groupId: instanceGroup('sessions'),
        topic: Topics.sleepSessions,
        // Only deletions are acted on here: the change-ledger writer checks every event in full.
        // A completed event (~20 KB) is not even parsed: its text never names the deletion type.
        schema: SessionDeletionsSchema,
        wanted: (value) => value.includes(SESSION_DELETED_TEXT),
        consumerConfig,
        handleBatch: async (messages) => this.onSessionEvents(messages),
      }),
      new ConsumerHost<UserEvent>({
        ...common,
        groupId: instanceGroup('users'),
        topic: Topics.sleepUsers,
        schema: UserEventSchema,
        consumerConfig,
        handleBatch: async (messages) => this.onUserEvents(messages),
      }),
    ];
    // Joined before the app serves: events published once it answers are never missed.
    await Promise.all(consumers.map((consumer) => consumer.join()));
    this.consumers = consumers as ConsumerHost<never>[];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }

  private onSessionEvents(messages: ConsumedMessage<SessionDeletions>[]): void {
    for (const { value: event } of messages) {
      if (event.type === SESSION_DELETED) {
        this.deps.sessionCache.forgetSession(
          event.tenantId,
          event.payload.userId,
          event.payload.sessionId,
        );
      }
    }
  }

  private onUserEvents(messages: ConsumedMessage<UserEvent>[]): void {
    for (const { value: event } of messages) {
      if (event.type !== USER_DELETED) continue;
      this.deps.sessionCache.forgetUser(event.tenantId, event.payload.userId);
      this.deps.statsCache.deletePrefix(`${event.tenantId}\u0000${event.payload.userId}\u0000`);
      this.deps.streams.userDeleted(event.tenantId, event.payload.userId);
    }
  }
}
