import { type AsleepSim, startAsleepSim } from '@sleep/asleep-sim';
import type { Registry } from 'prom-client';
import {
  AsleepClient,
  type AsleepClientError,
  type AsleepClientOptions,
  isAsleepError,
} from '../../index';
import { recordingLogger, testAsleepClientOptions } from '../../testing';

export const SIM_KEY = 'sk-live-7f3a9c2e41b84d0c9e55a1f0b6d2c8e4';

export interface SimFixture {
  sim: AsleepSim;
  /** A fresh client per call, so breaker state and metrics never leak between tests. */
  client(overrides?: Partial<AsleepClientOptions>): AsleepClient;
  stop(): Promise<void>;
}

export async function startSimFixture(seed = 7): Promise<SimFixture> {
  const sim = await startAsleepSim({ apiKeys: [SIM_KEY, 'sk-other-tenant'], seed });
  const clients: AsleepClient[] = [];
  return {
    sim,
    client(overrides = {}) {
      const client = new AsleepClient(
        testAsleepClientOptions(sim.url, SIM_KEY, { logger: recordingLogger(), ...overrides }),
      );
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((client) => client.close()));
      await sim.stop();
    },
  };
}

/** Rejection of a call, for assertions on the typed error. */
export async function failure(call: Promise<unknown>): Promise<AsleepClientError> {
  try {
    await call;
  } catch (error) {
    if (isAsleepError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** The sum of the matching series of a metric (`x_count` for a histogram's count), 0 when absent. */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
) {
  const metric =
    registry.getSingleMetric(name) ??
    registry.getSingleMetric(name.replace(/_(count|sum|bucket)$/, ''));
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((value) => ((value as { metricName?: string }).metricName ?? name) === name)
    .filter((value) =>
      Object.entries(labels).every(([key, want]) => String(value.labels[key]) === want),
    )
    .reduce((sum, value) => sum + value.value, 0);
}
