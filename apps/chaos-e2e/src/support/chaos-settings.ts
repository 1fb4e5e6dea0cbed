import type { ChaosOptions, ChaosResult } from './chaos-run';

/** Size of a run: defaults for the test suite, CHAOS_NIGHTS/ROUNDS/SEED/RATE for a soak. */
export function chaosSettings(
  env: NodeJS.ProcessEnv,
  defaults: { nights: number; rounds: number; rate: number },
): Omit<ChaosOptions, 'log'> {
  const read = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`${name} must be a positive integer`);
    return value;
  };
  return {
    nights: read('CHAOS_NIGHTS', defaults.nights),
    rounds: read('CHAOS_ROUNDS', defaults.rounds),
    seed: read('CHAOS_SEED', 17),
    rate: read('CHAOS_RATE', defaults.rate),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The figures of a run, for the test log and the soak's report. */
export function describeResult(result: ChaosResult): string {
  const lines = [
    `chaos: ${result.nights.length} nights, ${result.deliveries.acknowledged} deliveries acknowledged ` +
      `(${result.deliveries.duplicates} duplicates, ${result.deliveries.sent} requests), ` +
      `${result.faults.length} faults, ${seconds(result.elapsedMs)} in all`,
    ...result.recoveries.map(
      ({ fault, readyMs, drainedMs }) =>
        `  ${fault}: after it was lifted, ready: ${Object.entries(readyMs)
          .map(([service, ms]) => `${service} ${seconds(ms)}`)
          .join(', ')}; backlog drained ${seconds(drainedMs)}`,
    ),
    `  backlog drained (every night exact) ${seconds(result.drainMs)} after the last fault and delivery`,
    `  nights not exact: ${result.mismatches.length}; acknowledged but missing: ${result.missingAcknowledged.length}; ` +
      `unexpected exits: ${result.unexpectedExits.length}`,
  ];
  return lines.join('\n');
}
