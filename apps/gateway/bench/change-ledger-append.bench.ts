// How fast the change ledger appends one tenant's events into Postgres: one transaction per event
// (as the ledger consumer did) against one transaction per consumed batch, in the same run.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ChangeToAppend } from '@sleep/gateway-api';
import { migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase } from '@sleep/persistence/testing';
import { ChangeLedgerRepository } from '../src/changes/change-ledger.repository';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 2_000);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 100);
const USERS = 20;

async function main() {
  const database = await createTestDatabase('gateway_ledger_bench');
  const handle = await openDatabase({ url: database.url, schema: 'gateway', poolSize: 4 });
  try {
    await migrateDatabase(handle, { migrationsFolder: join(__dirname, '../src/migrations') });
    const ledger = new ChangeLedgerRepository(handle);
    const events = async (): Promise<ChangeToAppend[]> => {
      const tenantId = `bench-${randomBytes(4).toString('hex')}`;
      await handle.query(
        `insert into gateway.tenants (id, name, default_timezone, api_key_sealed, api_key_sha256)
         values ($1, $1, 'UTC', '{}'::jsonb, $1)`,
        [tenantId],
      );
      for (let user = 0; user < USERS; user++)
        await handle.query(
          'insert into gateway.app_users (tenant_id, app_user_id, asleep_user_id) values ($1, $2, $3)',
          [tenantId, `u${user}`, `${tenantId}-u${user}`],
        );
      return Array.from({ length: EVENTS }, (_, i) => ({
        tenantId,
        asleepUserId: `${tenantId}-u${i % USERS}`,
        type: 'session.progressed' as const,
        subjectId: `session-${i % USERS}`,
        occurredAt: new Date(Date.UTC(2026, 11, 1, 23) + i * 1_000).toISOString(),
        data: { version: Math.floor(i / USERS) + 1, state: 'OPEN' as const, analysedEpochs: i },
        dedupeKey: `session.progressed:${i}`,
      }));
    };
    const measure = async (name: string, append: (all: ChangeToAppend[]) => Promise<void>) => {
      const all = await events();
      const started = process.hrtime.bigint();
      await append(all);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(
        `${name.padEnd(34)} ${EVENTS} events in ${seconds.toFixed(2).padStart(6)} s   ` +
          `${(EVENTS / seconds).toFixed(0).padStart(6)} events/s`,
      );
      return EVENTS / seconds;
    };
    const single = await measure('one transaction per event', async (all) => {
      for (const event of all) await ledger.append(event);
    });
    const batched = await measure(`one transaction per ${BATCH} events`, async (all) => {
      for (let i = 0; i < all.length; i += BATCH) await ledger.appendAll(all.slice(i, i + BATCH));
    });
    console.log(`batched / per event: ${(batched / single).toFixed(1)}×`);
    ledger.onModuleDestroy();
  } finally {
    await handle.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
