import type { AnyDatabaseHandle } from '@sleep/persistence';
import { sql } from 'drizzle-orm';
import { refreshOrgDays, startsOnlyUsers } from './org-rollups';

/** One function per rollup (migration 0016): each empties its table and builds it anew. */
const ROLLUP_BUILDERS = [
  'org_rebuild_atom_values',
  'org_rebuild_user_months',
  'org_rebuild_atom_days',
  'org_rebuild_open_days',
] as const;

/**
 * A rebuild's closing step: the four atom rollups from every `org_user_days` row, then the rows
 * of users with session starts but no completed night. The four read the same rows and write
 * apart, so they run at once, each in a transaction of its own on its own connection (the
 * longest first), while those users are looked up. Their rows come after, with the triggers on:
 * the rollups take them as from live ingestion, which keeps them equal to rollups built at once.
 * A failure leaves some rollups built and others not: the rebuild fails and is run again.
 */
export async function rebuildOrgRollups(database: AnyDatabaseHandle): Promise<void> {
  const startsOnly = startsOnlyUsers(database);
  const settled = await Promise.allSettled([
    startsOnly,
    ...ROLLUP_BUILDERS.map((builder) =>
      database.transaction(async (tx) => {
        await tx.execute(sql.raw(`select analytics.${builder}()`));
      }),
    ),
  ]);
  const failed = settled.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  const users = await startsOnly;
  if (users.length > 0) await database.transaction((tx) => refreshOrgDays(tx, users));
}
