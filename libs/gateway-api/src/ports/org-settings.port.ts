import type { AuditActor, OrgSettings, OrgSettingsVersion } from '@sleep/contracts';

export interface OrgSettingsHistoryPage {
  /** Newest first. */
  versions: OrgSettingsVersion[];
  nextCursor: string | null;
}

/** Every version of every organisation's settings; a version, once written, never changes. */
export interface OrgSettingsStore {
  /** The newest version, or null while the tenant runs on the defaults. */
  latest(tenantId: string): Promise<OrgSettingsVersion | null>;
  history(
    tenantId: string,
    page: { limit: number; cursor?: string },
  ): Promise<OrgSettingsHistoryPage>;
  /**
   * Writes version `expectedVersion + 1`; throws AlreadyExistsError when another change took
   * that number first (the caller reads again and retries or reports a conflict).
   */
  append(
    tenantId: string,
    expectedVersion: number,
    settings: OrgSettings,
    changedBy: AuditActor,
  ): Promise<OrgSettingsVersion>;
  /** Every version of the tenant, when the tenant itself is deleted. */
  removeTenant(tenantId: string): Promise<void>;
}
