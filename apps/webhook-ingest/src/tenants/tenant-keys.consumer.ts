import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TenantUpdatedSchema, Topics } from '@sleep/contracts';
import { KAFKA_CLIENT, type Kafka } from '@sleep/messaging';
import { ReadinessChecks, ROOT_LOGGER } from '@sleep/service-kit';
import type { Consumer } from 'kafkajs';
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
  private consumer?: Consumer;
  private caughtUp = false;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly directory: TenantKeyDirectory,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
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
    this.consumer = this.kafka.consumer({
      groupId: `webhook-ingest-tenants-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 200,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [Topics.tenants.name], fromBeginning: true });
    await this.consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) this.apply(message.value);
        const end = pending.get(batch.partition);
        if (end !== undefined && BigInt(batch.lastOffset()) + 1n >= end)
          pending.delete(batch.partition);
        if (!this.caughtUp && pending.size === 0) {
          this.caughtUp = true;
          this.logger.info({ tenants: this.directory.size }, 'tenant keys loaded');
        }
      },
    });
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
          if (attempt >= 20 || (error as { retriable?: boolean }).retriable !== true) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 100 * attempt)));
        }
      }
    } finally {
      await admin.disconnect();
    }
  }

  /** After the HTTP server stopped: until then, webhooks in flight still need the keys. */
  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private apply(value: Buffer | null): void {
    // A tombstone (null) or a record this version cannot read is skipped, never fatal.
    if (!value) return;
    try {
      const parsed = TenantUpdatedSchema.safeParse(JSON.parse(value.toString('utf8')));
      if (parsed.success) this.directory.apply(parsed.data.payload);
      else
        this.logger.warn(
          { issues: parsed.error.issues.length },
          'unreadable tenant record skipped',
        );
    } catch {
      this.logger.warn({}, 'tenant record that is not JSON skipped');
    }
  }
}
