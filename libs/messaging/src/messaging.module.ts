import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
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
      imports: [...(options.imports ?? []), TerminusModule],
      providers: [
        {
          provide: MESSAGING_OPTIONS,
          inject: options.inject ?? [],
          useFactory: options.useFactory,
        },
        ...messagingProviders,
        KafkaHealthIndicator,
      ],
      exports: exported,
    };
  }
}
