import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type TenantUpdated, TenantUpdatedSchema, Topics } from '@sleep/contracts';
import {
  BatchingProducer,
  CatchUp,
  ConsumerHost,
  deadLetterFor,
  KAFKA_CLIENT,
  type Kafka,
  type MessageVerifier,
  type OutgoingMessage,
  REPLICA_GROUP_PREFIXES,
  replicaGroupId,
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
  private catchUp?: CatchUp;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly keys: SealedTenantKeys,
    private readonly producer: BatchingProducer,
    @Inject(EVENT_VERIFIER) private readonly verifier: MessageVerifier,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    readiness: ReadinessChecks,
  ) {
    readiness.add('tenant-keys', async () => this.catchUp?.caughtUp ?? false);
  }

  async onApplicationBootstrap(): Promise<void> {
    const catchUp = await CatchUp.atBoot(this.kafka, Topics.tenants.name);
    this.catchUp = catchUp;
    this.host = new ConsumerHost<TenantUpdated>({
      kafka: this.kafka,
      groupId: replicaGroupId(REPLICA_GROUP_PREFIXES.sessionTenants),
      topic: Topics.tenants,
      schema: TenantUpdatedSchema,
      dlq: this.producer,
      verifier: this.verifier,
      skipTombstones: true,
      fromBeginning: true,
      commitOffsets: false,
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
      afterBatch: (position) => {
        if (catchUp.advance(position))
          this.logger.info({ tenants: this.keys.size }, 'tenant keys loaded');
      },
    });
    await this.host.join();
  }

  async onModuleDestroy(): Promise<void> {
    await this.host?.stop();
  }
}
