// Kafka for the services: topics from the contracts registry, one batching idempotent producer,
// validating consumers with DLQs, health; kafkajs stays behind this entry.
export { createKafka, parseBrokers, DEFAULT_RETRY } from './kafka-client';
export type { KafkaClientOptions } from './kafka-client';
export { KAFKA_COMPRESSIONS, type KafkaCompression } from './kafka-compression';
export {
  describeSecurity,
  KafkaSecurityConfigError,
  kafkaSecurityFromEnv,
  SASL_MECHANISMS,
} from './kafka-security';
export type { KafkaSecurity, KafkaSecurityEnv, SaslMechanism } from './kafka-security';
export { asAccessDenied, isAccessDenied, KafkaAccessDeniedError } from './kafka-access';
export { aclEntries, PLATFORM_SERVICES, REPLICA_GROUP_PREFIXES, serviceAcls } from './service-acls';
export type { PlatformService, ServiceAcls, ServiceGroupIds } from './service-acls';
export { CatchUp, replicaGroupId } from './catch-up';
export { kafkajsLogCreator } from './kafka-logger';
export type { KafkaLogLevel, LoggerLike } from './kafka-logger';
export { ensureTopics, topicConfig } from './ensure-topics';
export type { EnsureTopicsOptions, EnsureTopicsResult } from './ensure-topics';
export { BatchingProducer } from './batching-producer';
export type { BatchingProducerOptions, Publisher } from './batching-producer';
export type { OutgoingMessage } from './outgoing-message';
export { ProducerClosedError, PublishTimeoutError } from './publish-errors';
export { TypedConsumer, runConsumer } from './typed-consumer';
export { GroupedBatches, type GroupedBatchesOptions } from './grouped-batches';
export { ConsumerHost, exitRefused, HostedConsumer } from './consumer-host';
export type { ConsumerHostStatus, ReadinessRegistry } from './consumer-host';
export type { BatchContext, ConsumedMessage, ConsumerOptions } from './typed-consumer';
export { deadLetterMessage, refusedMessage, validateMessage } from './dead-letter';
export {
  DEV_EVENT_SIGNING_SEED,
  MessageSigner,
  MessageVerifier,
  publicKeyOf,
  SIGNATURE_HEADER,
  SIGNATURE_KID_HEADER,
  SigningKeyError,
  signingKeyId,
} from './message-signature';
export type { SignatureCheck } from './message-signature';
export { deadLetterFor, isPermanentFailure } from './unprocessable-message';
export type { DeadLetterReason, Validated } from './dead-letter';
export { consumerGroupLag } from './consumer-lag';
export type { PartitionLag } from './consumer-lag';
export { checkKafka } from './kafka-ping';
export { KafkaHealthIndicator } from './kafka.health';
export { MessagingModule } from './messaging.module';
export type { MessagingModuleAsyncOptions } from './messaging.module';
export { MessagingLifecycle } from './messaging.providers';
export {
  KAFKA_ADMIN,
  KAFKA_CLIENT,
  KAFKA_HEALTH_ADMIN,
  MESSAGING_OPTIONS,
} from './messaging.tokens';
export type { MessagingModuleOptions } from './messaging.tokens';
export type { Admin, Kafka } from 'kafkajs';
