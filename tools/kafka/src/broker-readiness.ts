import { createServer } from 'node:net';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { applyKafkajsTimerFix } from '@sleep/kafkajs-patches';

export interface ReadinessOptions {
  timeoutMs?: number;
  /** Returns a reason when waiting is pointless, e.g. the broker process already exited. */
  abort?: () => string | undefined;
  /** A secured broker: the CA to trust and a user to log in as. */
  client?: { ca: string; sasl: SASLOptions };
}

/** Polls Metadata until the broker answers; the socket opens before the broker can serve. */
export async function waitForBroker(
  brokers: string[],
  options: ReadinessOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  applyKafkajsTimerFix();
  const kafka = new Kafka({
    clientId: 'kafka-broker-readiness',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
    ...(options.client && { ssl: { ca: options.client.ca }, sasl: options.client.sasl }),
  });
  let lastError: unknown;
  while (Date.now() < deadline) {
    const reason = options.abort?.();
    if (reason) throw new Error(reason);
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0 && cluster.controller !== null && cluster.controller >= 0)
        return;
    } catch (error) {
      lastError = error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 200));
  }
  const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`broker ${brokers.join(',')} not ready after ${timeoutMs} ms${detail}`);
}

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, host, () => server.close(() => resolveFree(true)));
  });
}
