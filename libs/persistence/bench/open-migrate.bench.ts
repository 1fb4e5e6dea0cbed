// Cold open + migrate of each driver, as a service pays it at boot. Run: see README.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/database';
import { migrateDatabase } from '../src/migrate';
import { createTestDatabase } from '../src/testing';

const migrationsFolder = join(__dirname, '../src/testing/fixture-migrations');
const rounds = Number(process.env['ROUNDS'] ?? 5);

async function measure(label: string, open: () => Promise<{ url?: string; drop?: () => Promise<void> }>) {
  const samples: { open: number; migrate: number; remigrate: number }[] = [];
  for (let i = 0; i < rounds; i++) {
    const target = await open();
    const t0 = performance.now();
    const handle = await openDatabase({ url: target.url, schema: 'demo' });
    await handle.ping();
    const t1 = performance.now();
    await migrateDatabase(handle, { migrationsFolder });
    const t2 = performance.now();
    await migrateDatabase(handle, { migrationsFolder });
    const t3 = performance.now();
    await handle.close();
    await target.drop?.();
    samples.push({ open: t1 - t0, migrate: t2 - t1, remigrate: t3 - t2 });
  }
  const median = (k: keyof (typeof samples)[number]) =>
    samples.map((s) => s[k]).sort((a, b) => a - b)[Math.floor(samples.length / 2)]!.toFixed(1);
  const first = samples[0]!;
  console.log(
    `${label}: first open ${first.open.toFixed(0)} ms; median of ${rounds}: open ${median('open')} ms, ` +
      `migrate ${median('migrate')} ms, re-run ${median('remigrate')} ms`,
  );
}

async function main() {
  await measure('embedded (PGlite, in memory)', async () => ({}));
  await measure('postgres (pg pool, fresh database)', () => createTestDatabase('bench'));
}

void main();
