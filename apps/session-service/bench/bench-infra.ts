// What the benchmark needs, started here when not given: a broker, a database, private topics.
import type { TopicSpec } from '@sleep/contracts';
import { createKafka, ensureTopics, type Kafka } from '@sleep/messaging';
import { uniqueTopics, withBroker } from '@sleep/testkit';
import { createTestDatabase, pgAvailable } from '@sleep/persistence/testing';

export interface BenchInfra {
  brokers: string[];
  databaseUrl?: string;
  kafka: Kafka;
  topics: { webhooks: TopicSpec; sessions: TopicSpec };
  describe: string;
  stop(): Promise<void>;
}

/** KAFKA_BROKERS, else a private broker; DATABASE_URL, else a fresh database, else embedded. */
export async function benchInfra(): Promise<BenchInfra> {
  const broker = await withBroker({ port: Number(process.env['BENCH_KAFKA_PORT'] ?? 39192) });
  let databaseUrl = process.env['DATABASE_URL'] || undefined;
  let dropDatabase = async (): Promise<void> => undefined;
  if (!databaseUrl && (await pgAvailable())) {
    const database = await createTestDatabase('session_bench');
    databaseUrl = database.url;
    dropDatabase = database.drop;
  }
  const kafka = createKafka({
    brokers: broker.brokers,
    clientId: 'session-bench',
    logLevel: 'error',
  });
  const webhooks = uniqueTopics('bench-webhooks', 6);
  const sessions = uniqueTopics('bench-sessions', 6);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [webhooks.topic, webhooks.dlq, sessions.topic, sessions.dlq]);
  await admin.disconnect();
  return {
    brokers: broker.brokers,
    databaseUrl,
    kafka,
    topics: { webhooks: webhooks.topic, sessions: sessions.topic },
    describe: `kafka ${broker.external ? 'given' : 'private'} (${broker.brokers.join(',')}), database ${databaseUrl ? 'postgres' : 'embedded'}`,
    async stop() {
      const admin = kafka.admin();
      await admin.connect();
      await admin
        .deleteTopics({
          topics: [webhooks.topic.name, webhooks.dlq.name, sessions.topic.name, sessions.dlq.name],
        })
        .catch(() => undefined);
      await admin.disconnect();
      await dropDatabase();
      await broker.stop();
    },
  };
}
