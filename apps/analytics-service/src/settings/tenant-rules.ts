import {
  type AnalyticsRules,
  AnalyticsRulesSchema,
  DEFAULT_ANALYTICS_RULES,
} from '@sleep/contracts';
import type { AnyDatabaseHandle } from '@sleep/persistence';

interface RulesRow {
  tenant_id: string;
  sleep_day_rule: string | null;
  zone_override: string | null;
  free_days: number[] | null;
}

/**
 * The tenants' sleep-day rule, zone override and free days (`tenant_settings`). Read for every
 * batch, so a change applies to the next computation; a change also asks for the stored nights
 * and rollups to be recomputed (`recompute_requested_at`, done by `TenantRecomputeJob`).
 */
export class TenantRules {
  constructor(private readonly database: AnyDatabaseHandle) {}

  async of(tenantIds: readonly string[]): Promise<Map<string, AnalyticsRules>> {
    const found = new Map<string, AnalyticsRules>();
    if (tenantIds.length === 0) return found;
    const rows = await this.database.query<RulesRow>(
      `select tenant_id, sleep_day_rule, zone_override, free_days from analytics.tenant_settings
       where tenant_id = any($1::text[])`,
      [[...new Set(tenantIds)]],
    );
    for (const row of rows) found.set(row.tenant_id, rulesOf(row));
    return found;
  }

  async get(tenantId: string): Promise<AnalyticsRules> {
    return (await this.of([tenantId])).get(tenantId) ?? DEFAULT_ANALYTICS_RULES;
  }

  async set(tenantId: string, rules: AnalyticsRules): Promise<AnalyticsRules> {
    await this.database.query(
      `insert into analytics.tenant_settings
         (tenant_id, sleep_day_rule, zone_override, free_days, updated_at, recompute_requested_at)
       values ($1, $2, $3, $4::smallint[], now(), clock_timestamp())
       on conflict (tenant_id) do update set sleep_day_rule = excluded.sleep_day_rule,
         zone_override = excluded.zone_override, free_days = excluded.free_days, updated_at = now(),
         recompute_requested_at = excluded.recompute_requested_at`,
      [tenantId, rules.sleepDayRule, rules.timezone, rules.freeDays],
    );
    return rules;
  }
}

/** A stored value the runtime no longer knows (a zone dropped from tzdata) falls back to the default. */
function rulesOf(row: RulesRow): AnalyticsRules {
  const parsed = AnalyticsRulesSchema.safeParse({
    sleepDayRule: row.sleep_day_rule,
    timezone: row.zone_override,
    freeDays: row.free_days,
  });
  return parsed.success ? parsed.data : DEFAULT_ANALYTICS_RULES;
}
