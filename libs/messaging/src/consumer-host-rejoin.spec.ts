import { envelopeSchema } from '@sleep/contracts';
import {
  freePort,
  startBroker,
  uniqueGroupId,
  uniqueTopics,
  type BrokerHandle,
} from '@sleep/testkit';
import { z } from 'zod';
import { ConsumerHost } from './consumer-host';
import { ensureTopics } from './ensure-topics';
import { createKafka } from './kafka-client';

jest.setTimeout(330_000);

const Schema = envelopeSchema('night.recorded', z.object({ minutes: z.number().int() }));

async function until(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// A broker of its own: this suite stops it.
describe('ConsumerHost when kafkajs gives up on its consumer', () => {
  let port: number;
  let controllerPort: number;
  let broker: BrokerHandle | undefined;
  let host: ConsumerHost<unknown> | undefined;

  beforeAll(async () => {
    port = await freePort();
    controllerPort = await freePort();
    broker = await startBroker({ port, controllerPort, log: () => undefined });
  });

  afterAll(async () => {
    await host?.stop().catch(() => undefined);
    await broker?.stop();
  });

  it('joins again once the broker is back, instead of staying unready', async () => {
    const kafka = createKafka({
      brokers: broker!.brokers,
      clientId: 'rejoin-spec',
      logLevel: process.env['DEBUG_REJOIN'] ? 'info' : 'silent',
      retry: { retries: 1, initialRetryTime: 100 },
    });
    const admin = kafka.admin();
    await admin.connect();
    const { topic } = uniqueTopics('rejoin', 1);
    await ensureTopics(admin, [topic]);
    await admin.disconnect();
    host = new ConsumerHost(
      {
        kafka,
        groupId: uniqueGroupId('rejoin'),
        topic,
        schema: Schema,
        dlq: 'skip',
        // Every crash is final for kafkajs here, as a non-retriable error would be.
        consumerConfig: { retry: { retries: 1, restartOnFailure: async () => false } },
        handleBatch: async () => undefined,
      },
      undefined,
      200,
    );
    host.start();
    await until('first join', () => host!.ready, 120_000);

    await broker!.stop();
    broker = undefined;
    await until('crash noticed', () => !host!.ready, 60_000);

    broker = await startBroker({ port, controllerPort, keepData: true, log: () => undefined });
    await until('joined again', () => host!.ready, 150_000);
  });
});
