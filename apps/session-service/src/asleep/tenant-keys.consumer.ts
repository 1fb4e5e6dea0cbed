import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type TenantUpdated, TenantUpdatedSchema, Topics } from '@sleep/contracts';
import {
  asAccessDenied,
  BatchingProducer,
  ConsumerHost,
  deadLetterFor,
  KAFKA_CLIENT,
  type Kafka,
  type MessageVerifier,
  type OutgoingMessage,
} from '@sleep/messaging';
import { EVENT_VERIFIER, ReadinessChecks, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import { SealedTenantKeys } from './sealed-tenant-keys';

/**
 * Reads the compacted `platform.tenants.v1` from its start into `SealedTenantKeys`, then keeps
 * following it. Every replica needs every tenant's key, so each reads with a group of its own;
 * it is ready once it caught up with what the topic held at boot. Only states the gateway signed
 * are applied; a forged one, or a key that does not open, goes to the DLQ with the reason.
 */
@Injectable()
export class TenantKeysConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private host?: ConsumerHost<TenantUpdated>;
  private caughtUp = false;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly keys: SealedTenantKeys,
    private readonly producer: BatchingProducer,
    @Inject(EVENT_VERIFIER) private readonly verifier: MessageVerifier,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    readiness: ReadinessChecks,
  ) {
    readiness.add('tenant-keys', async () => this.caughtUp);
  }

  async onApplicationBootstrap(): Promise<void> {
    const pending = await this.pendingEnds();
    this.caughtUp = pending.size === 0;
    this.host = new ConsumerHost<TenantUpdated>({
      kafka: this.kafka,
      groupId: `session-service-tenants-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
      topic: Topics.tenants,
      schema: TenantUpdatedSchema,
      dlq: this.producer,
      verifier: this.verifier,
      skipTombstones: true,
      fromBeginning: true,
      consumerConfig: { maxWaitTimeInMs: 200 },
      logger: this.logger,
      handleBatch: async (messages) => {
        const dead: OutgoingMessage[] = [];
        for (const message of messages) {
          const state = message.value.payload;
          const result = this.keys.apply(state);
          if (result.outcome === 'unopenable') {
            this.logger.error({ tenantId: state.tenantId }, 'sealed Asleep key does not open');
            dead.push(
              deadLetterFor(message, 'sealed-key-unopenable', result.detail ?? '', state.tenantId),
            );
          }
        }
        if (dead.length > 0) await this.producer.publish(Topics.tenantsDlq.name, dead);
      },
      afterBatch: ({ partition, lastOffset }) => {
        const end = pending.get(partition);
        if (end !== undefined && BigInt(lastOffset) + 1n >= end) pending.delete(partition);
        if (!this.caughtUp && pending.size === 0) {
          this.caughtUp = true;
          this.logger.info({ tenants: this.keys.size }, 'tenant keys loaded');
        }
      },
    });
    await this.host.join();
  }

  async onModuleDestroy(): Promise<void> {
    await this.host?.stop();
  }

  /** A topic created a moment ago can answer NOT_LEADER for a while: retried. */
  private async pendingEnds(): Promise<Map<number, bigint>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const ends = await admin.fetchTopicOffsets(Topics.tenants.name);
          return new Map(
            ends
              .filter((end) => Number(end.high) > Number(end.low))
              .map((end) => [end.partition, BigInt(end.high)]),
          );
        } catch (error) {
          if (attempt >= 20 || (error as { retriable?: boolean }).retriable !== true)
            throw asAccessDenied(error, `reading the offsets of ${Topics.tenants.name}`);
          await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 100 * attempt)));
        }
      }
    } finally {
      await admin.disconnect();
    }
  }
}
