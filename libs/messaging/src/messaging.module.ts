import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { BatchingProducer } from './batching-producer';
import { KafkaHealthIndicator } from './kafka.health';
import { messagingProviders } from './messaging.providers';
import {
  KAFKA_ADMIN,
  KAFKA_CLIENT,
  KAFKA_HEALTH_ADMIN,
  MESSAGING_OPTIONS,
  type MessagingModuleOptions,
} from './messaging.tokens';

export interface MessagingModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...args: any[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
}

const exported = [
  KAFKA_CLIENT,
  KAFKA_ADMIN,
  KAFKA_HEALTH_ADMIN,
  BatchingProducer,
  KafkaHealthIndicator,
];

/** One Kafka client, admin and shared producer per app, injectable everywhere (global). */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return MessagingModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        {
          provide: MESSAGING_OPTIONS,
          inject: options.inject ?? [],
          useFactory: options.useFactory,
        },
        ...messagingProviders,
        // Stateless; provided here rather than importing a second TerminusModule into the app.
        HealthIndicatorService,
        KafkaHealthIndicator,
      ],
      exports: exported,
    };
  }
}
