import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OnModuleInit,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { openDatabase, type AnyDatabaseHandle, type OpenDatabaseOptions } from './database';
import { DatabaseHealthIndicator } from './database.health';
import { migrateDatabase } from './migrate';
import { DATABASE, PERSISTENCE_OPTIONS } from './persistence.tokens';

export interface PersistenceOptions
  extends Omit<OpenDatabaseOptions<Record<string, unknown>>, 'logger'> {
  /** Applied in onModuleInit; omit to skip migrations. */
  migrationsFolder?: string;
}

export interface PersistenceModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...args: never[]) => PersistenceOptions | Promise<PersistenceOptions>;
}

const logger = new Logger('Persistence');

@Module({})
export class PersistenceModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly database: AnyDatabaseHandle,
    @Inject(PERSISTENCE_OPTIONS) private readonly options: PersistenceOptions,
  ) {}

  static forRootAsync(options: PersistenceModuleAsyncOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [...(options.imports ?? []), TerminusModule],
      providers: [
        {
          provide: PERSISTENCE_OPTIONS,
          useFactory: options.useFactory,
          inject: options.inject ?? [],
        },
        {
          provide: DATABASE,
          useFactory: (opts: PersistenceOptions) => openDatabase({ ...opts, logger }),
          inject: [PERSISTENCE_OPTIONS],
        },
        DatabaseHealthIndicator,
      ],
      exports: [DATABASE, DatabaseHealthIndicator],
    };
  }

  async onModuleInit(): Promise<void> {
    const { migrationsFolder } = this.options;
    if (!migrationsFolder) return;
    const { applied, total } = await migrateDatabase(this.database, { migrationsFolder });
    logger.log(
      `schema ${this.database.schema} (${this.database.kind}): ${applied} migrations applied, ${total} in all`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
