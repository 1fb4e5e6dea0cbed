import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { ReadinessChecks, ROOT_LOGGER } from '@sleep/service-kit';
import { INGEST_OPTIONS, type IngestOptions } from './ingest-options';
import { Spool } from './spool/spool';
import { SpoolReadiness } from './spool/spool-readiness.service';
import { SpoolReplayer } from './spool/spool-replayer';

/**
 * Boot: readiness checks (replacing the kit's plain Kafka check) and the replay of what an
 * earlier run spooled. Shutdown: the spool is flushed to Kafka while Kafka takes writes (for at
 * most `shutdownFlushMs`), the HTTP server drains (Nest closes it between these hooks), then the
 * spool closes; whatever was not replayed yet waits on disk for the next start.
 */
@Injectable()
export class IngestLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    private readonly readiness: ReadinessChecks,
    private readonly spoolReadiness: SpoolReadiness,
    private readonly spool: Spool,
    private readonly replayer: SpoolReplayer,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    @Inject(INGEST_OPTIONS) private readonly options: IngestOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.readiness.add('spool', () => this.spoolReadiness.spoolStatus());
    this.readiness.add('kafka', () => this.spoolReadiness.kafkaStatus());
    if (this.spool.records > 0) {
      this.logger.info(
        { records: this.spool.records, bytes: this.spool.bytes },
        'replaying webhooks spooled by an earlier run',
      );
      this.replayer.wake();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const before = this.spool.records;
    const left = await this.replayer.flush(this.options.shutdownFlushMs ?? 0);
    if (before > 0)
      this.logger.info({ flushed: before - left, spooled: left }, 'spool flushed on shutdown');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.spool.close();
  }
}
