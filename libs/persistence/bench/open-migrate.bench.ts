// Cold open + migrate of each driver, as a service pays it at boot. Run: see README.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/database';
import { migrateDatabase } from '../src/migrate';
import { createTestDatabase, embeddedTemplate } from '../src/testing';

const migrationsFolder = join(__dirname, '../src/testing/fixture-migrations');
const rounds = Number(process.env['ROUNDS'] ?? 5);

interface Target {
  url?: string;
  embeddedDir?: string;
  embeddedSeed?: Blob;
  drop?: () => Promise<void>;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function measure(label: string, prepare: (round: number) => Promise<Target>) {
  const open: number[] = [];
  const migrate: number[] = [];
  const rerun: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const target = await prepare(round);
    const t0 = performance.now();
    const handle = await openDatabase({ ...target, schema: 'demo' });
    await handle.ping();
    const t1 = performance.now();
    await migrateDatabase(handle, { migrationsFolder });
    const t2 = performance.now();
    await migrateDatabase(handle, { migrationsFolder });
    rerun.push(performance.now() - t2);
    open.push(t1 - t0);
    migrate.push(t2 - t1);
    await handle.close();
    await target.drop?.();
  }
  const ms = (n: number | undefined) => `${(n ?? NaN).toFixed(0)} ms`;
  console.log(
    `${label}: first open ${ms(open[0])}; median of ${rounds}: open ${ms(median(open))}, ` +
      `migrate ${ms(median(migrate))}, re-run ${ms(median(rerun))}`,
  );
}

async function main() {
  await measure('embedded, in memory', async () => ({}));
  const embeddedSeed = await embeddedTemplate();
  await measure('embedded, in memory from embeddedTemplate()', async () => ({ embeddedSeed }));
  const dir = process.env['BENCH_EMBEDDED_DIR'];
  if (dir) {
    await measure('embedded, folder (created in round 1, reopened after)', async () => ({
      embeddedDir: join(dir, 'db'),
    }));
  }
  await measure('postgres, pg pool on a fresh database', () => createTestDatabase('bench'));
}

void main();
