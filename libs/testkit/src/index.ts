// Test infrastructure shared by every suite, e2e project and bench; imported by tests only.
export { withBroker } from './broker';
export type { TestBroker, WithBrokerOptions } from './broker';
export { uniqueGroupId, uniqueTopics } from './topics';
export {
  collectFrom,
  readAll,
  readFrom,
  readSince,
  startGroupAtEnd,
  topicEnds,
} from './topic-reader';
export type {
  ReadAllOptions,
  ReadFromOptions,
  ReadMessage,
  Received,
  TopicCollector,
} from './topic-reader';
export { freePort } from './free-port';
export { threadCpuSeconds, threadCpuSecondsByKind } from './thread-cpu';
export { startRedisServer } from './redis-server';
export type { RedisServer } from './redis-server';
export { APPS, httpAnswer, httpStatus, startApp, urlOf, waitForStatus } from './app-process';
export type { AppName, AppProcess } from './app-process';
// For suites that stop and restart their own broker.
export { startBroker } from '@sleep/kafka-broker';
export type { BrokerHandle } from '@sleep/kafka-broker';
