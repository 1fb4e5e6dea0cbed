import type { AuditActor } from '@sleep/contracts';
import { audited } from '../audit/audited';
import type { GatewayDeps } from '../ports/gateway-deps';
import type { Tenant } from '../ports/tenants.port';
import type { AppUser } from '../ports/users.port';
import { eraseSession } from './session-erasure';

const DAY_MS = 24 * 60 * 60 * 1000;
const PAGE = 100;
export const RETENTION_ACTOR: AuditActor = { kind: 'service', id: 'retention' };

/** The calendar date of an instant in a zone, `YYYY-MM-DD`. */
const dateIn = (instant: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);

/**
 * The last start date (in the tenant's zone) of a night older than `retentionDays`: a night that
 * started on it or before is deleted.
 */
export const lastExpiredDay = (now: Date, retentionDays: number, timeZone: string) =>
  dateIn(new Date(now.getTime() - (retentionDays + 1) * DAY_MS), timeZone);

/**
 * Deletes every night of the tenant older than its retention, each through the path of
 * `sessions.delete` (Asleep, session-service's store, analytics through the deletion event, the
 * cache), and records each in the audit log as the retention job's doing.
 */
export async function sweepRetention(
  deps: GatewayDeps,
  tenant: Tenant,
  retentionDays: number,
  now = new Date(),
): Promise<{ nightsDeleted: number }> {
  const lastDay = lastExpiredDay(now, retentionDays, tenant.defaultTimezone);
  let nightsDeleted = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.users.list(tenant.id, { limit: PAGE, cursor });
    for (const user of page.items)
      nightsDeleted += await sweepUser(deps, tenant, user, lastDay, retentionDays);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { nightsDeleted };
}

async function sweepUser(
  deps: GatewayDeps,
  tenant: Tenant,
  user: AppUser,
  lastDay: string,
  retentionDays: number,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    // Deleted nights leave the list, so the first page is always the next one.
    const { sessions } = await deps.sessions.list({
      tenantId: tenant.id,
      asleepUserId: user.asleepUserId,
      timezone: tenant.defaultTimezone,
      dateLte: lastDay,
      orderBy: 'ASC',
      limit: PAGE,
      offset: 0,
    });
    let progress = 0;
    for (const { session_id: sessionId } of sessions) {
      const result = await audited(
        deps,
        {
          tenantId: tenant.id,
          actor: RETENTION_ACTOR,
          action: 'session.delete',
          target: { kind: 'session', id: sessionId },
          details: { appUserId: user.appUserId, reason: 'retention', retentionDays },
        },
        () =>
          eraseSession(deps, { tenantId: tenant.id, asleepUserId: user.asleepUserId, sessionId }),
        (erased) => ({ deleted: erased.deleted }),
      );
      if (result.deleted) progress++;
    }
    deleted += progress;
    // A page that deleted nothing would come back unchanged.
    if (sessions.length < PAGE || progress === 0) return deleted;
  }
}

/**
 * One run of the retention job over every active tenant with a retention; a tenant that fails
 * (Asleep or a store unavailable) is logged and tried again on the next run.
 */
export async function sweepAllRetention(
  deps: GatewayDeps,
  now = new Date(),
): Promise<{ tenants: number; nightsDeleted: number }> {
  let tenants = 0;
  let nightsDeleted = 0;
  for (const tenant of await deps.tenants.list()) {
    if (tenant.status !== 'active') continue;
    const retentionDays = (await deps.orgSettings.latest(tenant.id))?.settings.retentionDays;
    if (!retentionDays) continue;
    try {
      nightsDeleted += (await sweepRetention(deps, tenant, retentionDays, now)).nightsDeleted;
      tenants++;
    } catch (error) {
      deps.logger.error({ err: error, tenantId: tenant.id }, 'retention sweep failed');
    }
  }
  return { tenants, nightsDeleted };
}
