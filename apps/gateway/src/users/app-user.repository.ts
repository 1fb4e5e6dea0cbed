import { Inject, Injectable } from '@nestjs/common';
import {
  AlreadyExistsError,
  type AppUser,
  type AppUserDirectory,
  type AppUserPage,
  LruCache,
} from '@sleep/gateway-api';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { and, asc, eq, gt, isNull, lt } from 'drizzle-orm';
import { isUniqueViolation } from '../db/pg-errors';
import { appUsers } from '../db/schema';

type Row = typeof appUsers.$inferSelect;

/** Found mappings are remembered briefly: every call resolves one; only tags change (dropped then). */
const CACHE_TTL_MS = 10_000;

@Injectable()
export class AppUserRepository implements AppUserDirectory {
  private readonly cache = new LruCache<AppUser>(50_000, CACHE_TTL_MS);

  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async find(tenantId: string, appUserId: string): Promise<AppUser | null> {
    const key = `${tenantId}\u0000${appUserId}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const [row] = await this.database.db
      .select()
      .from(appUsers)
      .where(and(eq(appUsers.tenantId, tenantId), eq(appUsers.appUserId, appUserId)))
      .limit(1);
    if (!row) return null;
    const user = toAppUser(row);
    this.cache.set(key, user);
    return user;
  }

  async list(tenantId: string, page: { limit: number; cursor?: string }): Promise<AppUserPage> {
    const rows = await this.database.db
      .select()
      .from(appUsers)
      .where(
        and(
          eq(appUsers.tenantId, tenantId),
          page.cursor ? gt(appUsers.appUserId, page.cursor) : undefined,
        ),
      )
      .orderBy(asc(appUsers.appUserId))
      .limit(page.limit + 1);
    const items = rows.slice(0, page.limit).map(toAppUser);
    return {
      items,
      nextCursor: rows.length > page.limit ? items[items.length - 1].appUserId : null,
    };
  }

  async add(user: AppUser): Promise<void> {
    try {
      await this.database.db
        .insert(appUsers)
        .values({ ...user, tags: user.tags ?? [], createdAt: new Date(user.createdAt) });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError(`app user ${user.appUserId}`);
      throw error;
    }
  }

  async remove(tenantId: string, appUserId: string): Promise<boolean> {
    this.cache.delete(`${tenantId}\u0000${appUserId}`);
    const deleted = await this.database.db
      .delete(appUsers)
      .where(and(eq(appUsers.tenantId, tenantId), eq(appUsers.appUserId, appUserId)))
      .returning();
    return deleted.length > 0;
  }

  async setTags(tenantId: string, appUserId: string, tags: string[]): Promise<AppUser | null> {
    this.cache.delete(`${tenantId}\u0000${appUserId}`);
    const [row] = await this.database.db
      .update(appUsers)
      .set({ tags })
      .where(and(eq(appUsers.tenantId, tenantId), eq(appUsers.appUserId, appUserId)))
      .returning();
    return row ? toAppUser(row) : null;
  }

  async markAnnounced(tenantId: string, appUserId: string): Promise<void> {
    await this.database.db
      .update(appUsers)
      .set({ announcedAt: new Date() })
      .where(and(eq(appUsers.tenantId, tenantId), eq(appUsers.appUserId, appUserId)));
  }

  /** Users whose creation event never got through, older than `before` (not in flight). */
  async unannounced(before: Date, limit = 100): Promise<AppUser[]> {
    const rows = await this.database.db
      .select()
      .from(appUsers)
      .where(and(isNull(appUsers.announcedAt), lt(appUsers.createdAt, before)))
      .limit(limit);
    return rows.map(toAppUser);
  }
}

function toAppUser(row: Row): AppUser {
  return {
    tenantId: row.tenantId,
    appUserId: row.appUserId,
    asleepUserId: row.asleepUserId,
    createdAt: row.createdAt.toISOString(),
    tags: row.tags,
  };
}
