import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnModuleInit,
  RequestMethod,
} from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { createMetricsRegistry } from '@sleep/observability';
import {
  type Admin,
  checkKafka,
  KAFKA_HEALTH_ADMIN,
  MessagingModule,
  type MessagingModuleOptions,
} from '@sleep/messaging';
import {
  checkDatabase,
  DATABASE,
  type DatabaseHandle,
  PersistenceModule,
} from '@sleep/persistence';
import { type BaseEnv, kafkaSecurityOf } from './base-env';
import { ConfigError } from './config';
import { ManagementEndpoints } from './management/management-endpoints';
import { ReadinessChecks } from './readiness-checks';
import { eventVerifier } from './event-keys';
import { EVENT_VERIFIER, METRICS_REGISTRY, ROOT_LOGGER, SERVICE_CONFIG } from './tokens';

export interface ServiceKitOptions {
  service: string;
  config: BaseEnv;
  logger: Logger;
  /**
   * The service's own schema and its checked-in migrations: a service that stores something has
   * one. Without it the service opens no database and its readiness does not depend on one.
   */
  database?: { schema: string; migrationsFolder: string };
  /** Options of the shared producer, e.g. a publish timeout for a service that must answer in time. */
  producer?: MessagingModuleOptions['producer'];
  /** Routes that log one line of their own per request: the request logger skips them. */
  quietRoutes?: string[];
  /**
   * false: no request logger at all, for a service whose routes all log their own lines. Nest
   * then mounts no middleware, so no request pays for running it (or for skipping it).
   */
  requestLog?: boolean;
  /** Logs request paths without their query string (it may carry inputs or tokens, e.g. tRPC's). */
  redactQueryStrings?: boolean;
}

/** Registers the dependencies every service needs before it may take work. */
@Injectable()
class CoreReadiness implements OnModuleInit {
  constructor(
    private readonly readiness: ReadinessChecks,
    @Inject(KAFKA_HEALTH_ADMIN) private readonly admin: Admin,
  ) {}

  onModuleInit() {
    this.readiness.add('kafka', () => checkKafka(this.admin));
  }
}

/** A service with a database may only take work while it answers. */
@Injectable()
class DatabaseReadiness implements OnModuleInit {
  constructor(
    private readonly readiness: ReadinessChecks,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
  ) {}

  onModuleInit() {
    this.readiness.add('database', () => checkDatabase(this.database));
  }
}

/**
 * The skeleton every app shares: logger, metrics, probes, Kafka and, for a service that stores
 * something, its database.
 * An app imports it once in its root module and adds its own features beside it.
 */
@Module({})
export class ServiceKitModule {
  static forRoot({
    service,
    config,
    logger,
    database,
    producer,
    quietRoutes = [],
    requestLog = true,
    redactQueryStrings = false,
  }: ServiceKitOptions): DynamicModule {
    if (database && !config.DATABASE_URL) {
      // No in-process database any more: `npm start` runs one PostgreSQL server for all services.
      throw new ConfigError(
        `Invalid configuration:\n  DATABASE_URL: required, ${service} keeps its data in PostgreSQL (npm start provides one)`,
      );
    }
    const registry = createMetricsRegistry(service);
    return {
      module: ServiceKitModule,
      global: true,
      imports: [
        LoggerModule.forRootAsync({
          useFactory: () => ({
            pinoHttp: {
              logger,
              quietReqLogger: true,
              ...(redactQueryStrings && {
                serializers: {
                  req: ({ query: _query, ...req }: { url?: string; query?: unknown }) => ({
                    ...req,
                    url: req.url?.split('?')[0],
                  }),
                },
              }),
            },
            ...(requestLog
              ? {
                  // Matched by route, not by URL: middleware sees a rewritten URL. (Probes and
                  // scrapes go to the management port, which logs nothing per request.)
                  exclude: quietRoutes.map((path) => ({ path, method: RequestMethod.ALL })),
                }
              : { forRoutes: [] }),
          }),
        }),
        MessagingModule.forRootAsync({
          useFactory: () => ({
            brokers: config.KAFKA_BROKERS,
            clientId: service,
            security: kafkaSecurityOf(config),
            createTopics: config.KAFKA_CREATE_TOPICS === 'true',
            replicationFactor: config.KAFKA_REPLICATION_FACTOR,
            logger,
            registry,
            producer,
          }),
        }),
        ...(database
          ? [
              PersistenceModule.forRootAsync({
                useFactory: () => ({
                  url: config.DATABASE_URL,
                  schema: database.schema,
                  poolSize: config.DATABASE_POOL_SIZE,
                  applicationName: service,
                  migrationsFolder: database.migrationsFolder,
                }),
              }),
            ]
          : []),
      ],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: ROOT_LOGGER, useValue: logger },
        { provide: METRICS_REGISTRY, useValue: registry },
        { provide: EVENT_VERIFIER, useValue: eventVerifier(config.EVENT_VERIFY_KEYS) },
        ReadinessChecks,
        ManagementEndpoints,
        CoreReadiness,
        ...(database ? [DatabaseReadiness] : []),
      ],
      exports: [
        SERVICE_CONFIG,
        ROOT_LOGGER,
        METRICS_REGISTRY,
        EVENT_VERIFIER,
        ReadinessChecks,
        ManagementEndpoints,
      ],
    };
  }
}
