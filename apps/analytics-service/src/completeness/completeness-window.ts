/** A night's standing against the completeness SLO once its due time has passed. */
export type CompletenessOutcome = 'on_time' | 'late' | 'missing';

export const COMPLETENESS_OUTCOMES: readonly CompletenessOutcome[] = ['on_time', 'late', 'missing'];

/** The trailing window the metrics look at: nights whose due time fell in it. */
export const COMPLETENESS_WINDOW_DAYS = 7;

/** Fewer nights due than this in the window says nothing about a tenant: it is not judged. */
export const MIN_NIGHTS_JUDGED = 20;

export interface TenantOutcomeCount {
  tenantId: string;
  outcome: CompletenessOutcome;
  nights: number;
}

export interface CompletenessWindow {
  nights: Record<CompletenessOutcome, number>;
  /** Tenants with at least MIN_NIGHTS_JUDGED nights due whose on-time share is under the target. */
  tenantsBelowTarget: number;
}

/** The platform's figures of a window from per-tenant counts: no tenant id leaves this function. */
export function completenessWindowOf(
  counts: readonly TenantOutcomeCount[],
  target: number,
): CompletenessWindow {
  const nights: Record<CompletenessOutcome, number> = { on_time: 0, late: 0, missing: 0 };
  const perTenant = new Map<string, { due: number; onTime: number }>();
  for (const { tenantId, outcome, nights: n } of counts) {
    nights[outcome] += n;
    const tenant = perTenant.get(tenantId) ?? { due: 0, onTime: 0 };
    tenant.due += n;
    if (outcome === 'on_time') tenant.onTime += n;
    perTenant.set(tenantId, tenant);
  }
  let tenantsBelowTarget = 0;
  for (const { due, onTime } of perTenant.values())
    if (due >= MIN_NIGHTS_JUDGED && onTime / due < target) tenantsBelowTarget++;
  return { nights, tenantsBelowTarget };
}
