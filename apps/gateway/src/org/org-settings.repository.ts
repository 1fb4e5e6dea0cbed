import { Inject, Injectable } from '@nestjs/common';
import type { AuditActor, OrgSettings, OrgSettingsVersion } from '@sleep/contracts';
import {
  AlreadyExistsError,
  type OrgSettingsHistoryPage,
  type OrgSettingsStore,
} from '@sleep/gateway-api';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { and, desc, eq, lt } from 'drizzle-orm';
import { isUniqueViolation } from '../db/pg-errors';
import { orgSettings } from '../db/schema';

type Row = typeof orgSettings.$inferSelect;

/** Settings versions in `gateway.org_settings`; the primary key makes concurrent changes conflict. */
@Injectable()
export class OrgSettingsRepository implements OrgSettingsStore {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async latest(tenantId: string): Promise<OrgSettingsVersion | null> {
    const [row] = await this.database.db
      .select()
      .from(orgSettings)
      .where(eq(orgSettings.tenantId, tenantId))
      .orderBy(desc(orgSettings.version))
      .limit(1);
    return row ? versionOf(row) : null;
  }

  async history(
    tenantId: string,
    page: { limit: number; cursor?: string },
  ): Promise<OrgSettingsHistoryPage> {
    const rows = await this.database.db
      .select()
      .from(orgSettings)
      .where(
        and(
          eq(orgSettings.tenantId, tenantId),
          page.cursor ? lt(orgSettings.version, Number(page.cursor)) : undefined,
        ),
      )
      .orderBy(desc(orgSettings.version))
      .limit(page.limit + 1);
    const versions = rows.slice(0, page.limit).map(versionOf);
    return {
      versions,
      nextCursor: rows.length > page.limit ? String(versions[versions.length - 1].version) : null,
    };
  }

  async append(
    tenantId: string,
    expectedVersion: number,
    settings: OrgSettings,
    changedBy: AuditActor,
  ): Promise<OrgSettingsVersion> {
    try {
      const [row] = await this.database.db
        .insert(orgSettings)
        .values({
          tenantId,
          version: expectedVersion + 1,
          settings,
          changedByKind: changedBy.kind,
          changedById: changedBy.id,
        })
        .returning();
      return versionOf(row);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AlreadyExistsError(`settings version ${expectedVersion + 1} of ${tenantId}`);
      throw error;
    }
  }

  async removeTenant(tenantId: string): Promise<void> {
    await this.database.db.delete(orgSettings).where(eq(orgSettings.tenantId, tenantId));
  }
}

function versionOf(row: Row): OrgSettingsVersion {
  return {
    version: row.version,
    settings: row.settings,
    changedBy: { kind: row.changedByKind, id: row.changedById },
    changedAt: row.changedAt.toISOString(),
  };
}
