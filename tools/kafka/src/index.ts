// A real single-node Kafka (KRaft) broker from Maven Central jars, for development and tests.
export { startBroker } from './broker';
export type { BrokerHandle, BrokerTimings, StartBrokerOptions } from './broker';
export { ensureKafkaJars } from './kafka-jars';
export type { EnsureJarsOptions, KafkaJars } from './kafka-jars';
export { cacheRoot, defaultStateDir, jarsDir, kafkaVersion } from './kafka-paths';
export { recordedBroker, stopRecordedBroker } from './broker-process';
export type { RecordedBroker } from './broker-process';
export { serverProperties } from './broker-config';
export type { BrokerCredentials, BrokerSecurityOptions } from './broker-security';
