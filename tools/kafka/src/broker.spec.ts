import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker, type BrokerHandle } from './broker';
import { commandLine, isAlive, PID_FILE } from './broker-process';

jest.setTimeout(60_000);

async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

// 19092: engineers may run a broker on 9092 and other suites use 29092 at the same time.
const PORT = 19092;

describe('startBroker', () => {
  let broker: BrokerHandle;
  let kafka: Kafka;

  beforeAll(async () => {
    broker = await startBroker({
      port: PORT,
      controllerPort: PORT + 1,
      heapMb: 512,
      log: () => undefined,
    });
    kafka = new Kafka({
      clientId: 'kafka-broker-spec',
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
    });
  });

  afterAll(async () => {
    await broker?.stop();
  });

  it('answers metadata on the requested port and records its pid', async () => {
    expect(broker.brokers).toEqual([`127.0.0.1:${PORT}`]);
    expect(readFileSync(join(broker.stateDir, PID_FILE), 'utf8').trim()).toBe(String(broker.pid));
    expect(commandLine(broker.pid)).toContain(join(broker.stateDir, 'server.properties'));
    expect(broker.timings.readyMs).toBeGreaterThan(0);

    const admin = kafka.admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      expect(cluster.brokers).toEqual([
        expect.objectContaining({ nodeId: 1, host: '127.0.0.1', port: PORT }),
      ]);
      expect(cluster.controller).toBe(1);

      const created = await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic: 'kafka-broker.spec.v1', numPartitions: 3 }],
      });
      expect(created).toBe(true);
      const metadata = await admin.fetchTopicMetadata({ topics: ['kafka-broker.spec.v1'] });
      expect(metadata.topics[0].partitions).toHaveLength(3);
    } finally {
      await admin.disconnect();
    }
  });

  it('pauses and resumes the broker process', async () => {
    const probe = new Kafka({
      clientId: 'kafka-broker-pause',
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
      requestTimeout: 1_000,
      retry: { retries: 0 },
    }).admin();
    await probe.connect();
    try {
      await broker.pause();
      // kafkajs may answer describeCluster from fresh metadata, so ask the kernel instead.
      await expect(eventually(async () => expectState(broker.pid, 'T'))).resolves.toBe('T');
      broker.resume();
      await expect(eventually(async () => expectState(broker.pid, 'S', 'R'))).resolves.not.toBe(
        'T',
      );
      // A resumed JVM on a busy machine can take longer than one 1 s request timeout.
      await expect(eventually(() => probe.describeCluster())).resolves.toMatchObject({
        controller: 1,
      });
    } finally {
      broker.resume();
      await probe.disconnect();
    }
  });

  it('stops the JVM and removes its pid file', async () => {
    await broker.stop();
    expect(() => process.kill(broker.pid, 0)).toThrow();
    expect(isAlive(broker.pid)).toBe(false);
    expect(existsSync(join(broker.stateDir, PID_FILE))).toBe(false);
    await expect(broker.exited).resolves.toBe(143);
  });
});

/** The state letter of /proc/<pid>/stat (T while stopped by SIGSTOP), once it is one of `wanted`. */
function expectState(pid: number, ...wanted: string[]): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  if (!wanted.includes(state)) throw new Error(`process ${pid} is in state ${state}`);
  return state;
}
