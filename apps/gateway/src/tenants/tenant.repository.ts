import { Inject, Injectable } from '@nestjs/common';
import type { SealedSecret } from '@sleep/contracts';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { asc, eq, sql } from 'drizzle-orm';
import { isUniqueViolation } from '../db/pg-errors';
import { appUsers, tenants, usageDaily } from '../db/schema';

export type TenantRow = typeof tenants.$inferSelect;

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

  /** False when the id already exists. */
  async insert(row: typeof tenants.$inferInsert): Promise<TenantRow | null> {
    try {
      const [inserted] = await this.database.db.insert(tenants).values(row).returning();
      return inserted;
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
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
      .returning();
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

  /** Re-seals a key under the current KEK without a new revision: nothing others see changes. */
  async reseal(id: string, apiKeySealed: SealedSecret): Promise<void> {
    await this.database.db.update(tenants).set({ apiKeySealed }).where(eq(tenants.id, id));
  }
}
