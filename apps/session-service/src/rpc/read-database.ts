import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { checkDatabase, type DatabaseHandle, openDatabase } from '@sleep/persistence';
import { ReadinessChecks } from '@sleep/service-kit';
import type { AppConfig } from '../config';

/**
 * Injection token of the handle the RPC reads through: a small pool of its own, so that the
 * consumers' batches and the outbox relay, which may hold every connection of the main pool for
 * seconds under a backlog, never make a read wait for a connection.
 */
export const READ_DATABASE = Symbol('READ_DATABASE');

export const readDatabaseProvider = (config: AppConfig) => ({
  provide: READ_DATABASE,
  useFactory: (): Promise<DatabaseHandle> =>
    openDatabase({
      url: config.DATABASE_URL,
      schema: 'sessions',
      poolSize: config.SESSION_READ_POOL_SIZE,
      applicationName: 'session-service-reads',
      logger: new Logger('ReadDatabase'),
    }),
});

/** Closes the read pool on shutdown and makes readiness ping the database through it. */
@Injectable()
export class ReadDatabaseLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(READ_DATABASE) private readonly reads: DatabaseHandle,
    private readonly readiness: ReadinessChecks,
  ) {}

  // After every module's init, so it replaces the main pool's check: a backlog that keeps that
  // pool busy must not take the instance out of service while its reads still answer.
  onApplicationBootstrap(): void {
    this.readiness.add('database', () => checkDatabase(this.reads));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reads.close();
  }
}
