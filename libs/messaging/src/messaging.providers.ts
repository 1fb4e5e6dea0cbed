import {
  Inject,
  Injectable,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import { allTopics } from '@sleep/contracts';
import type { Admin, Kafka } from 'kafkajs';
import { BatchingProducer } from './batching-producer';
import { ensureTopics } from './ensure-topics';
import { asAccessDenied } from './kafka-access';
import { createKafka } from './kafka-client';
import {
  KAFKA_ADMIN,
  KAFKA_CLIENT,
  KAFKA_HEALTH_ADMIN,
  MESSAGING_OPTIONS,
  type MessagingModuleOptions,
} from './messaging.tokens';

/** Connects at boot and creates the topics; disconnects after consumers (onModuleDestroy) stopped. */
@Injectable()
export class MessagingLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    @Inject(KAFKA_HEALTH_ADMIN) private readonly healthAdmin: Admin,
    private readonly producer: BatchingProducer,
  ) {}

  async onModuleInit(): Promise<void> {
    const who = this.options.security?.sasl?.username ?? this.options.clientId;
    try {
      await Promise.all([
        this.admin.connect(),
        this.healthAdmin.connect(),
        this.producer.connect(),
      ]);
    } catch (error) {
      throw asAccessDenied(error, `the connection of ${who} (admin and producer)`);
    }
    const topics = this.options.createTopics === false ? [] : (this.options.topics ?? allTopics);
    if (topics.length > 0) {
      const result = await ensureTopics(this.admin, topics, {
        replicationFactor: this.options.replicationFactor,
        logger: this.options.logger,
      }).catch((error: unknown) => {
        throw asAccessDenied(error, `${who} creating topics (set KAFKA_CREATE_TOPICS=false)`);
      });
      this.options.logger?.info(result, 'kafka topics ready');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
    await Promise.all([this.admin.disconnect(), this.healthAdmin.disconnect()]);
  }
}

export const messagingProviders: Provider[] = [
  {
    provide: KAFKA_CLIENT,
    inject: [MESSAGING_OPTIONS],
    useFactory: (options: MessagingModuleOptions) => createKafka(options),
  },
  { provide: KAFKA_ADMIN, inject: [KAFKA_CLIENT], useFactory: (kafka: Kafka) => kafka.admin() },
  {
    provide: KAFKA_HEALTH_ADMIN,
    inject: [KAFKA_CLIENT],
    useFactory: (kafka: Kafka) => kafka.admin({ retry: { retries: 0 } }),
  },
  {
    provide: BatchingProducer,
    inject: [KAFKA_CLIENT, MESSAGING_OPTIONS],
    useFactory: (kafka: Kafka, options: MessagingModuleOptions) =>
      new BatchingProducer(kafka, {
        ...options.producer,
        registry: options.registry,
        logger: options.logger,
      }),
  },
  MessagingLifecycle,
];
