import {
  type AuditActor,
  DEFAULT_ORG_SETTINGS,
  freeDaysOf,
  MIN_GROUP_SIZE_FLOOR,
  type OrgSettings,
} from '@sleep/contracts';
import type { GatewayDeps } from '../ports/gateway-deps';
import type { Tenant } from '../ports/tenants.port';

export interface CurrentOrgSettings {
  /** 0 while the tenant runs on the defaults. */
  version: number;
  settings: OrgSettings;
  changedBy: AuditActor | null;
  changedAt: string | null;
}

/**
 * The settings in force. The default zone is the tenant's own (`tenant.updateSettings` changes it
 * too), so it is read from the tenant rather than from the last version.
 */
export async function currentOrgSettings(
  deps: GatewayDeps,
  tenant: Tenant,
): Promise<CurrentOrgSettings> {
  const latest = await deps.orgSettings.latest(tenant.id);
  const settings = latest?.settings ?? { ...DEFAULT_ORG_SETTINGS, defaultTimezone: '' };
  return {
    version: latest?.version ?? 0,
    settings: { ...settings, defaultTimezone: tenant.defaultTimezone },
    changedBy: latest?.changedBy ?? null,
    changedAt: latest?.changedAt ?? null,
  };
}

/** k of the tenant's k-anonymity: its setting, never below the floor. */
export async function minGroupSizeOf(deps: GatewayDeps, tenantId: string): Promise<number> {
  const latest = await deps.orgSettings.latest(tenantId);
  return Math.max(MIN_GROUP_SIZE_FLOOR, latest?.settings.minGroupSize ?? MIN_GROUP_SIZE_FLOOR);
}

/** The fields whose value differs, in the order of the settings. */
export function changedFields(before: OrgSettings, after: OrgSettings): (keyof OrgSettings)[] {
  return (Object.keys(after) as (keyof OrgSettings)[]).filter(
    (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  );
}

const RULE_FIELDS: readonly (keyof OrgSettings)[] = ['sleepDayRule', 'sleepZone', 'workDays'];

/**
 * Hands what analytics-service computes with to it, as `analytics.setRules` and
 * `analytics.setScoreWeights` do; it applies them to the nights computed next and recomputes the
 * stored nights and tenant statistics in the background (analytics-service's "Settings changes").
 */
export async function applyToAnalytics(
  deps: GatewayDeps,
  tenantId: string,
  settings: OrgSettings,
  changed: readonly (keyof OrgSettings)[],
): Promise<void> {
  const analytics = deps.analytics;
  if (!analytics) return;
  if (changed.some((field) => RULE_FIELDS.includes(field))) {
    await analytics.setRules({
      tenantId,
      rules: {
        sleepDayRule: settings.sleepDayRule,
        timezone: settings.sleepZone,
        freeDays: settings.workDays === null ? null : freeDaysOf(settings.workDays),
      },
    });
  }
  if (changed.includes('scoreWeights'))
    await analytics.setScoreWeights({ tenantId, weights: settings.scoreWeights });
}
