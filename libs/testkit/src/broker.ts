import { startBroker } from '@sleep/kafka-broker';

export interface TestBroker {
  brokers: string[];
  /** True when the broker came from KAFKA_BROKERS (shared; never stopped by tests). */
  external: boolean;
  /** The broker's process id when this run started it (benches read its CPU time). */
  pid?: number;
  stop(): Promise<void>;
}

export interface WithBrokerOptions {
  /** Without KAFKA_BROKERS, start a private broker on this port (else assume 127.0.0.1:9092). */
  port?: number;
  controllerPort?: number;
  heapMb?: number;
}

/** The broker named by KAFKA_BROKERS; else a private one on `port`; else 127.0.0.1:9092. */
export async function withBroker(options: WithBrokerOptions = {}): Promise<TestBroker> {
  const fromEnv = process.env.KAFKA_BROKERS;
  if (fromEnv || options.port === undefined) {
    return {
      brokers: parseBrokers(fromEnv || '127.0.0.1:9092'),
      external: true,
      stop: async () => undefined,
    };
  }
  const broker = await startBroker({
    port: options.port,
    controllerPort: options.controllerPort ?? options.port + 1,
    heapMb: options.heapMb ?? 512,
    log: () => undefined,
  });
  return {
    brokers: broker.brokers,
    external: false,
    pid: broker.pid,
    stop: () => broker.stop(),
  };
}

function parseBrokers(list: string): string[] {
  return list
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
}
