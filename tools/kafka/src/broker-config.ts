import { randomBytes } from 'node:crypto';

export interface BrokerConfigInput {
  port: number;
  controllerPort: number;
  dataDir: string;
  /** Extra or overriding broker settings, e.g. `{ 'message.max.bytes': '2097152' }`. */
  overrides?: Record<string, string | number | boolean>;
}

/** Single node, loopback only, tuned for fast tests. */
export function serverProperties({
  port,
  controllerPort,
  dataDir,
  overrides = {},
}: BrokerConfigInput): string {
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': dataDir,
    'num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    // One partition instead of 50: the first consumer group would otherwise wait for 50 leaders.
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 1,
    // The default 3 s delay only helps groups of many members joining at once.
    'group.initial.rebalance.delay.ms': 0,
    // Topics come from the contracts registry; kafkajs also mishandles auto-creation on KRaft.
    'auto.create.topics.enable': false,
    ...overrides,
  };
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

/** Broker logs go to a file at WARN, with the startup/shutdown lines kept for diagnosis. */
export function log4jProperties(logFile: string): string {
  return [
    'log4j.rootLogger=WARN, file',
    'log4j.appender.file=org.apache.log4j.FileAppender',
    `log4j.appender.file.File=${logFile}`,
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka.server.KafkaRaftServer=INFO',
    'log4j.logger.kafka.server.BrokerServer=INFO',
    '',
  ].join('\n');
}

/**
 * A cluster id as `kafka-storage.sh random-uuid` prints it (16 random bytes, URL-safe base64),
 * made here to save a JVM start. Kafka's Uuid.randomUuid also rejects ids starting with '-'.
 */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
