import { type AsleepSim, startAsleepSim } from '@sleep/asleep-sim';
import { AsleepClient, type AsleepClientOptions } from '../../index';
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
