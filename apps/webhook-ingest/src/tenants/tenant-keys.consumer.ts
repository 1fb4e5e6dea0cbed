import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type TenantUpdated, TenantUpdatedSchema, Topics } from '@sleep/contracts';
import {
  BatchingProducer,
  CatchUp,
  ConsumerHost,
  KAFKA_CLIENT,
  type Kafka,
  type MessageVerifier,
  REPLICA_GROUP_PREFIXES,
  replicaGroupId,
} from '@sleep/messaging';
import { EVENT_VERIFIER, ReadinessChecks, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import { TenantKeyDirectory } from './tenant-key-directory';

/**
 * Reads the compacted `platform.tenants.v1` from its start into the key directory, then keeps
 * following it. Every replica needs every tenant, so each reads with a group of its own; it is
 * ready once it has caught up with what the topic held at boot, so no webhook of a known
 * tenant is refused while it catches up.
 */
@Injectable()
export class TenantKeysConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private host?: ConsumerHost<TenantUpdated>;
  private catchUp?: CatchUp;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly directory: TenantKeyDirectory,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    @Inject(EVENT_VERIFIER) private readonly verifier: MessageVerifier,
    private readonly producer: BatchingProducer,
    readiness: ReadinessChecks,
  ) {
    readiness.add('tenant-keys', async () => this.catchUp?.caughtUp ?? false);
  }

  async onApplicationBootstrap(): Promise<void> {
    const catchUp = await CatchUp.atBoot(this.kafka, Topics.tenants.name);
    this.catchUp = catchUp;
    this.host = new ConsumerHost<TenantUpdated>({
      kafka: this.kafka,
      groupId: replicaGroupId(REPLICA_GROUP_PREFIXES.ingestTenants),
      topic: Topics.tenants,
      schema: TenantUpdatedSchema,
      // A key digest the gateway did not sign (or a record this version cannot read) is never
      // applied: it goes to the DLQ with the reason. Every replica reads the whole topic, so each
      // one dead-letters it once per start (same source offset). Tombstones are skipped.
      dlq: this.producer,
      verifier: this.verifier,
      skipTombstones: true,
      fromBeginning: true,
      commitOffsets: false,
      consumerConfig: { maxWaitTimeInMs: 200 },
      logger: this.logger,
      handleBatch: async (messages) => {
        for (const message of messages) this.directory.apply(message.value.payload);
      },
      afterBatch: (position) => {
        if (catchUp.advance(position))
          this.logger.info({ tenants: this.directory.size }, 'tenant keys loaded');
      },
    });
    await this.host.join();
  }

  /** After the HTTP server stopped: until then, webhooks in flight still need the keys. */
  async onApplicationShutdown(): Promise<void> {
    await this.host?.stop();
  }
}
