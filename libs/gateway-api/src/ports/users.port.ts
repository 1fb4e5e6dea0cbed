import type { UserMetadata } from '@sleep/contracts';
import type { Principal } from '../auth/principal';

/** The mapping a tenant's app user → the Asleep user created for them. */
export interface AppUser {
  tenantId: string;
  appUserId: string;
  asleepUserId: string;
  createdAt: string;
  /** Tenant-defined `key:value` tags (breakdowns); absent: none. */
  tags?: string[];
}

export interface AppUserPage {
  items: AppUser[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface AppUserDirectory {
  find(tenantId: string, appUserId: string): Promise<AppUser | null>;
  /** Ordered by app user id. */
  list(tenantId: string, page: { limit: number; cursor?: string }): Promise<AppUserPage>;
  /** Throws AlreadyExistsError when the app user is already mapped. */
  add(user: AppUser): Promise<void>;
  remove(tenantId: string, appUserId: string): Promise<boolean>;
  /** Replaces the user's tags; null when there is no such user. */
  setTags(tenantId: string, appUserId: string, tags: string[]): Promise<AppUser | null>;
}

/** `sleep.users.v1`: every service learns of users, and purges them on deletion. */
export interface UserEvents {
  /** The user was created or their metadata replaced. */
  upserted(user: AppUser, metadata: UserMetadata | null): Promise<void>;
  deleted(user: AppUser, requestedBy: Principal): Promise<void>;
}
