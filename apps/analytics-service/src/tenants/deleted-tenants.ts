import type { AnyDatabaseHandle } from '@sleep/persistence';
import { sql } from 'drizzle-orm';

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/**
 * Removes everything of a tenant from the schema: every table with a `tenant_id` column (read
 * from the catalogue, so a table added later cannot be forgotten), then records the deletion so
 * events that occurred before it are dropped (`liveOnly`). Idempotent.
 */
export function removeTenant(
  database: AnyDatabaseHandle,
  tenantId: string,
): Promise<{ rowsRemoved: number }> {
  return database.transaction(async (tx) => {
    const tables = rowsOf<{ table_name: string }>(
      await tx.execute(
        sql`select table_name from information_schema.columns
            where table_schema = 'analytics' and column_name = 'tenant_id' and table_name <> 'deleted_tenants'
            order by table_name`,
      ),
    );
    // Counted before any deletion: deleting `org_user_days` also empties its rollups (trigger).
    let rowsRemoved = 0;
    for (const { table_name } of tables) {
      const [counted] = rowsOf<{ n: number }>(
        await tx.execute(
          sql`select count(*)::int as n from ${sql.identifier('analytics')}.${sql.identifier(table_name)} where tenant_id = ${tenantId}`,
        ),
      );
      rowsRemoved += counted?.n ?? 0;
    }
    for (const { table_name } of tables)
      await tx.execute(
        sql`delete from ${sql.identifier('analytics')}.${sql.identifier(table_name)} where tenant_id = ${tenantId}`,
      );
    await tx.execute(
      sql`insert into analytics.deleted_tenants (tenant_id, deleted_at) values (${tenantId}, now())
          on conflict (tenant_id) do update set deleted_at = now()`,
    );
    return { rowsRemoved };
  });
}

interface TenantEvent {
  tenantId: string;
  occurredAt: string;
}

/** The events that occurred after their tenant's deletion here, if any: the others are dropped. */
export async function liveOnly<E extends TenantEvent>(
  database: AnyDatabaseHandle,
  events: readonly E[],
): Promise<E[]> {
  if (events.length === 0) return [];
  const deleted = await database.query<{ tenant_id: string; deleted_at: Date }>(
    `select tenant_id, deleted_at from analytics.deleted_tenants where tenant_id = any($1::text[])`,
    [[...new Set(events.map((e) => e.tenantId))]],
  );
  if (deleted.length === 0) return [...events];
  const at = new Map(deleted.map((d) => [d.tenant_id, new Date(d.deleted_at).getTime()]));
  return events.filter((e) => {
    const deletedAt = at.get(e.tenantId);
    return deletedAt === undefined || Date.parse(e.occurredAt) > deletedAt;
  });
}
