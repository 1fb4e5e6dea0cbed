import { Topics } from '@sleep/contracts';
import type { GatewayDeps } from '@sleep/gateway-api';
import type { Kafka } from '@sleep/messaging';
import { ReadinessChecks } from '@sleep/service-kit';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { AppConfig } from '../config';
import { ChangeLedgerWriter } from './change-ledger.writer';

/** A Kafka client whose consumers only record how they were asked to run. */
function recordingKafka() {
  const runs: { groupId: string; partitionsConsumedConcurrently?: number }[] = [];
  const kafka = {
    consumer: ({ groupId }: { groupId: string }) => ({
      events: { CRASH: 'crash', GROUP_JOIN: 'join' },
      on: () => undefined,
      connect: async () => undefined,
      subscribe: async () => undefined,
      run: async (config: { partitionsConsumedConcurrently?: number }) => {
        runs.push({ groupId, ...config });
      },
      stop: async () => undefined,
      disconnect: async () => undefined,
    }),
  };
  return { kafka: kafka as unknown as Kafka, runs };
}

describe('ChangeLedgerWriter', () => {
  it('appends the batches of all partitions of a topic at once: one slow append holds up no other partition', async () => {
    const { kafka, runs } = recordingKafka();
    const writer = new ChangeLedgerWriter(
      kafka,
      {} as GatewayDeps,
      { CHANGE_LEDGER_GROUP: 'ledger' } as AppConfig,
      new Registry(),
      pino({ enabled: false }),
      new ReadinessChecks(),
    );
    writer.onApplicationBootstrap();
    await new Promise<void>((resolve) => {
      const check = () => (runs.length === 3 ? resolve() : setImmediate(check));
      check();
    });
    await writer.onApplicationShutdown();
    expect(runs).toContainEqual(
      expect.objectContaining({
        groupId: `ledger-${Topics.sleepSessions.name}`,
        partitionsConsumedConcurrently: Topics.sleepSessions.partitions,
      }),
    );
    for (const run of runs) expect(run.partitionsConsumedConcurrently).toBeGreaterThan(1);
  });
});
