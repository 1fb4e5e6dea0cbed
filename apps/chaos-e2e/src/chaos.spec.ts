import { runChaos, type ChaosResult } from './support/chaos-run';
import { chaosSettings, describeResult } from './support/chaos-settings';

// Its own broker and PostgreSQL server: killing them disturbs no other test.
describe('webhooks keep flowing into exact nights while every process is killed, frozen or cut off', () => {
  const settings = chaosSettings(process.env, { nights: 40, rounds: 1, rate: 20 });
  let result: ChaosResult;

  beforeAll(async () => {
    result = await runChaos({
      ...settings,
      log: (line) => process.stdout.write(`› chaos: ${line}\n`),
    });
    process.stdout.write(`${describeResult(result)}\n`);
  }, 600_000);

  it('faulted every process alone and overlapping', () => {
    expect(result.faults).toEqual(
      expect.arrayContaining([
        'SIGKILL session-service',
        'SIGKILL webhook-ingest',
        'SIGKILL gateway',
        'SIGKILL broker',
        'SIGSTOP broker 5 s',
        'postgres immediate stop 4 s',
      ]),
    );
    expect(result.faults.length).toBe(9 * settings.rounds);
  });

  it('acknowledged every delivery in the end and lost none it acknowledged', () => {
    expect(result.deliveries.failed).toBe(0);
    expect(result.deliveries.duplicates).toBeGreaterThan(0);
    expect(result.missingAcknowledged).toEqual([]);
  });

  it('stored every night exactly as expected, field for field', () => {
    expect(result.mismatches).toEqual([]);
  });

  it('published exactly one completed event per night', () => {
    expect(result.conflictingCopies).toEqual([]);
    const notOnce = [...result.completedCounts].filter(([, count]) => count !== 1);
    expect(notOnce).toEqual([]);
    expect(result.completedCounts.size).toBe(settings.nights);
  });

  it('had no process exit on its own', () => {
    expect(
      result.unexpectedExits.map(({ service, code, signal, output }) => ({
        service,
        code,
        signal,
        lastOutput: output.slice(-2_000),
      })),
    ).toEqual([]);
  });
});
