import { Inject, Injectable } from '@nestjs/common';
import type { SealedSecret } from '@sleep/contracts';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { and, asc, eq, gt, ne, or, sql } from 'drizzle-orm';
import { isUniqueViolation, violatedConstraint } from '../db/pg-errors';
import { appUsers, tenants, usageDaily } from '../db/schema';

export type TenantRow = typeof tenants.$inferSelect;

/** An Asleep key authenticates one tenant only (webhook-ingest finds the tenant by its key). */
export class KeyOfAnotherTenantError extends Error {
  override readonly name = 'KeyOfAnotherTenantError';
}

const KEY_UNIQUE = 'tenants_api_key_sha256_unique';

function keyConflict(error: unknown): never {
  if (violatedConstraint(error) === KEY_UNIQUE)
    throw new KeyOfAnotherTenantError('the Asleep key belongs to another tenant');
  throw error;
}

export interface TenantKeyChange {
  apiKeySealed: SealedSecret;
  apiKeySha256: string;
  previousKeySha256: string | null;
  previousKeyValidUntil: Date | null;
}

@Injectable()
export class TenantRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async find(id: string): Promise<TenantRow | null> {
    const [row] = await this.database.db.select().from(tenants).where(eq(tenants.id, id)).limit(1);
    return row ?? null;
  }

  list(): Promise<TenantRow[]> {
    return this.database.db.select().from(tenants).orderBy(asc(tenants.id));
  }

  /**
   * Null when the id already exists; `KeyOfAnotherTenantError` when another tenant holds the key.
   */
  async insert(row: typeof tenants.$inferInsert): Promise<TenantRow | null> {
    try {
      const [inserted] = await this.database.db.insert(tenants).values(row).returning();
      return inserted;
    } catch (error) {
      if (violatedConstraint(error) === KEY_UNIQUE) keyConflict(error);
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /**
   * Whether a tenant other than `tenantId` authenticates with this key digest: as its key, or as
   * its previous one while that is still honoured. (The unique constraint covers current keys.)
   */
  async keyInUseByAnother(digest: string, tenantId: string, now = new Date()): Promise<boolean> {
    const [row] = await this.database.db
      .select({ id: tenants.id })
      .from(tenants)
      .where(
        and(
          ne(tenants.id, tenantId),
          or(
            eq(tenants.apiKeySha256, digest),
            and(eq(tenants.previousKeySha256, digest), gt(tenants.previousKeyValidUntil, now)),
          ),
        ),
      )
      .limit(1);
    return row !== undefined;
  }

  /** Every change bumps the revision, which orders the tenant's states on Kafka. */
  async update(
    id: string,
    change: Partial<Pick<TenantRow, 'name' | 'defaultTimezone' | 'status' | 'statusReason'>> &
      Partial<TenantKeyChange> & { keyRotatedAt?: Date },
  ): Promise<TenantRow | null> {
    const [row] = await this.database.db
      .update(tenants)
      .set({ ...change, revision: sql`${tenants.revision} + 1`, updatedAt: new Date() })
      .where(eq(tenants.id, id))
      .returning()
      .catch(keyConflict);
    return row ?? null;
  }

  /** The tenant's own rows, once its users are erased everywhere (the audit log stays). */
  async remove(id: string): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      await tx.delete(usageDaily).where(eq(usageDaily.tenantId, id));
      await tx.delete(appUsers).where(eq(appUsers.tenantId, id));
      await tx.delete(tenants).where(eq(tenants.id, id));
    });
  }

  /**
   * Re-seals a key under the current KEK without a new revision: nothing others see changes. Only
   * if the row is still at `revision`, the one whose key was opened: a rotation that landed in
   * between keeps its new key (false is returned; the next boot re-seals that one if needed).
   */
  async reseal(id: string, revision: number, apiKeySealed: SealedSecret): Promise<boolean> {
    const updated = await this.database.db
      .update(tenants)
      .set({ apiKeySealed })
      .where(and(eq(tenants.id, id), eq(tenants.revision, revision)))
      .returning({ id: tenants.id });
    return updated.length > 0;
  }
}
