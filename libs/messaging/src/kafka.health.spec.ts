import { Test, type TestingModule } from '@nestjs/testing';
import { freePort, readAll, startBroker, uniqueTopics, type BrokerHandle } from '@sleep/testkit';
import type { Admin, Kafka } from 'kafkajs';
import { BatchingProducer } from './batching-producer';
import { checkKafka } from './kafka-ping';
import { KafkaHealthIndicator } from './kafka.health';
import { MessagingModule } from './messaging.module';
import { KAFKA_CLIENT, KAFKA_HEALTH_ADMIN } from './messaging.tokens';
import { PublishTimeoutError } from './publish-errors';

jest.setTimeout(90_000);

// Always a private broker, even when KAFKA_BROKERS names a shared one: this suite stops it. On
// ports drawn free, not fixed ones another run on the machine may hold; the restart reuses them.
let ports: Promise<[number, number]> | undefined;
const start = async (keepData = false) => {
  ports ??= Promise.all([freePort(), freePort()]);
  const [port, controllerPort] = await ports;
  return startBroker({
    port,
    controllerPort,
    heapMb: 512,
    keepData,
    log: () => undefined,
  });
};

async function timeUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}

describe('MessagingModule and Kafka health against a broker that goes away', () => {
  let broker: BrokerHandle;
  let moduleRef: TestingModule;
  let indicator: KafkaHealthIndicator;
  const { topic, dlq } = uniqueTopics('health', 1);

  beforeAll(async () => {
    broker = await start();
    moduleRef = await Test.createTestingModule({
      imports: [
        MessagingModule.forRootAsync({
          useFactory: () => ({
            brokers: broker.brokers,
            clientId: 'health-spec',
            logLevel: 'silent',
            topics: [topic, dlq],
          }),
        }),
      ],
    }).compile();
    await moduleRef.init();
    indicator = moduleRef.get(KafkaHealthIndicator);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await broker?.stop();
  });

  it('creates the topics at init and is up with a shared producer that publishes', async () => {
    await expect(indicator.isHealthy()).resolves.toEqual({ kafka: { status: 'up' } });
    await moduleRef.get(BatchingProducer).publish(topic.name, { key: 'k', value: 'before' });
  });

  it('times out a publish to a hung broker, which Kafka may still write later', async () => {
    const kafka = moduleRef.get<Kafka>(KAFKA_CLIENT);
    const producer = new BatchingProducer(kafka, { publishTimeoutMs: 500 });
    await producer.connect();
    await broker.pause();
    try {
      const error = await producer
        .publish(topic.name, { key: 'k', value: 'late' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PublishTimeoutError);
      expect((error as PublishTimeoutError).inFlight).toBe(true);
      const started = Date.now();
      expect(await checkKafka(moduleRef.get<Admin>(KAFKA_HEALTH_ADMIN), 1_000)).toBe(false);
      // Bounded by its own timeout (with room for a busy machine), not hanging with the broker.
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      broker.resume();
    }
    const values = (await readAll(kafka, topic.name, { expected: 2 })).map((m) => m.value);
    expect(values).toEqual(['before', 'late']);
    await producer.disconnect();
  });

  it('turns down within seconds when the broker stops and up again when it returns', async () => {
    await broker.stop();
    const downMs = await timeUntil(
      async () => (await indicator.isHealthy()).kafka.status === 'down',
      20_000,
    );
    expect(downMs).toBeLessThan(10_000);
    await expect(indicator.isHealthy()).resolves.toEqual({
      kafka: { status: 'down', message: expect.stringContaining('no metadata') },
    });

    broker = await start(true);
    const upMs = await timeUntil(
      async () => (await indicator.isHealthy()).kafka.status === 'up',
      45_000,
    );
    expect(upMs).toBeLessThan(30_000);
    // The shared producer reconnects by itself.
    await moduleRef.get(BatchingProducer).publish(topic.name, { key: 'k', value: 'after' });
  });
});
