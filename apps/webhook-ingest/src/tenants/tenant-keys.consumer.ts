import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type TenantUpdated, TenantUpdatedSchema, Topics } from '@sleep/contracts';
import {
  asAccessDenied,
  BatchingProducer,
  ConsumerHost,
  KAFKA_CLIENT,
  type Kafka,
  type MessageVerifier,
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
  private caughtUp = false;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly directory: TenantKeyDirectory,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    @Inject(EVENT_VERIFIER) private readonly verifier: MessageVerifier,
    private readonly producer: BatchingProducer,
    readiness: ReadinessChecks,
  ) {
    readiness.add('tenant-keys', async () => this.caughtUp);
  }

  async onApplicationBootstrap(): Promise<void> {
    const ends = await this.endOffsets();
    const pending = new Map(
      ends
        .filter((end) => Number(end.high) > Number(end.low))
        .map((end) => [end.partition, BigInt(end.high)]),
    );
    this.caughtUp = pending.size === 0;
    this.host = new ConsumerHost<TenantUpdated>({
      kafka: this.kafka,
      groupId: `webhook-ingest-tenants-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
      topic: Topics.tenants,
      schema: TenantUpdatedSchema,
      // A key digest the gateway did not sign (or a record this version cannot read) is never
      // applied: it goes to the DLQ with the reason. Every replica reads the whole topic, so each
      // one dead-letters it once per start (same source offset). Tombstones are skipped.
      dlq: this.producer,
      verifier: this.verifier,
      skipTombstones: true,
      fromBeginning: true,
      consumerConfig: { maxWaitTimeInMs: 200 },
      logger: this.logger,
      handleBatch: async (messages) => {
        for (const message of messages) this.directory.apply(message.value.payload);
      },
      afterBatch: ({ partition, lastOffset }) => {
        const end = pending.get(partition);
        if (end !== undefined && BigInt(lastOffset) + 1n >= end) pending.delete(partition);
        if (!this.caughtUp && pending.size === 0) {
          this.caughtUp = true;
          this.logger.info({ tenants: this.directory.size }, 'tenant keys loaded');
        }
      },
    });
    await this.host.join();
  }

  /** A topic created a moment ago can answer NOT_LEADER for a while: retry rather than fail the boot. */
  private async endOffsets() {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await admin.fetchTopicOffsets(Topics.tenants.name);
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

  /** After the HTTP server stopped: until then, webhooks in flight still need the keys. */
  async onApplicationShutdown(): Promise<void> {
    await this.host?.stop();
  }
}
