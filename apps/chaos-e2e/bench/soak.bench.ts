// The chaos suite's soak: more nights and more rounds of faults than `npm test` runs, with the
// same checks; prints the recovery figures and exits 1 if any check failed.
import { runChaos } from '../src/support/chaos-run';
import { chaosSettings, describeResult } from '../src/support/chaos-settings';

async function main(): Promise<number> {
  const settings = chaosSettings(process.env, { nights: 200, rounds: 3, rate: 40 });
  process.stdout.write(`› chaos soak: ${JSON.stringify(settings)}\n`);
  const result = await runChaos({
    ...settings,
    log: (line) => process.stdout.write(`› ${line}\n`),
  });
  process.stdout.write(`${describeResult(result)}\n`);
  const completedNotOnce = [...result.completedCounts].filter(([, count]) => count !== 1);
  const failures = [
    result.deliveries.failed > 0 && `${result.deliveries.failed} deliveries never acknowledged`,
    result.mismatches.length > 0 && `nights not exact: ${JSON.stringify(result.mismatches)}`,
    result.missingAcknowledged.length > 0 &&
      `acknowledged but missing: ${result.missingAcknowledged.join(', ')}`,
    completedNotOnce.length > 0 && `not one completed event: ${JSON.stringify(completedNotOnce)}`,
    result.conflictingCopies.length > 0 &&
      `event ids published with different bytes: ${result.conflictingCopies.join(', ')}`,
    ...result.unexpectedExits.map(
      (exit) =>
        `${exit.service} exited on its own (code ${exit.code}, signal ${exit.signal})\n${exit.output.slice(-2_000)}`,
    ),
  ].filter(Boolean);
  for (const failure of failures) process.stdout.write(`✗ ${failure}\n`);
  process.stdout.write(failures.length === 0 ? '✓ every check held\n' : '');
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
