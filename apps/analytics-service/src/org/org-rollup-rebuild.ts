import type { AnyDatabaseHandle } from '@sleep/persistence';
import { sql } from 'drizzle-orm';
import { refreshStartsOnly } from './org-rollups';

/** One function per rollup (migration 0016): each empties its table and builds it anew. */
const ROLLUP_BUILDERS = [
  'org_rebuild_atom_values',
  'org_rebuild_user_months',
  'org_rebuild_atom_days',
  'org_rebuild_open_days',
] as const;

/**
 * A rebuild's closing step: the rollup rows of users with starts but no night, then the four
 * atom rollups from every `org_user_days` row. The four read the same rows and write apart, so
 * they run at once, each in a transaction of its own on its own connection (the longest first).
 * A failure leaves some rollups built and others not: the rebuild fails and is run again.
 */
export async function rebuildOrgRollups(database: AnyDatabaseHandle): Promise<void> {
  await database.transaction(async (tx) => {
    await tx.execute(sql`select set_config('analytics.defer_rollups', 'on', true)`);
    await refreshStartsOnly(tx);
  });
  const built = await Promise.allSettled(
    ROLLUP_BUILDERS.map((builder) =>
      database.transaction(async (tx) => {
        await tx.execute(sql.raw(`select analytics.${builder}()`));
      }),
    ),
  );
  const failed = built.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}
