import type { SleepData } from '@sleep/contracts';
import type { GatewayDeps } from '../../ports/gateway-deps';
import type { AppUser } from '../../ports/users.port';

const SESSION_PAGE = 100;
const FACT_PAGE = 500;
const AUDIT_PAGE = 200;

/**
 * Every night session-service holds for the user, oldest first, each rendered in the zone it was
 * recorded in (so instants keep the session's own offset), with its stage timeline.
 */
export async function* storedNights(deps: GatewayDeps, user: AppUser): AsyncGenerator<SleepData> {
  for (let offset: number | null = 0; offset !== null; ) {
    const page = await deps.sessions.list({
      tenantId: user.tenantId,
      asleepUserId: user.asleepUserId,
      timezone: 'UTC',
      orderBy: 'ASC',
      limit: SESSION_PAGE,
      offset,
    });
    for (const item of page.sessions) {
      const night = await deps.sessions.get({
        tenantId: user.tenantId,
        asleepUserId: user.asleepUserId,
        sessionId: item.session_id,
        timezone: item.created_timezone ?? 'UTC',
      });
      if (night) yield night;
    }
    offset = page.nextOffset;
  }
}

/** Every fact analytics-service holds for the user, with each night's score and its parts. */
export async function* analyticsFacts(deps: GatewayDeps, user: AppUser) {
  const analytics = deps.analytics;
  if (!analytics) return;
  let after = null;
  do {
    const page = await analytics.exportFacts({
      tenantId: user.tenantId,
      userId: user.asleepUserId,
      after,
      limit: FACT_PAGE,
    });
    for (const fact of page.facts) {
      const { ageBand: _band, gender: _gender, tags: _tags, ...night } = fact;
      const score = await analytics.score({
        tenantId: user.tenantId,
        userId: user.asleepUserId,
        sessionId: fact.sessionId,
      });
      yield { ...night, scoreDetail: score };
    }
    after = page.next;
  } while (after);
}

/** The audit log's entries whose target is this user, newest first. */
export async function* auditEntriesAbout(deps: GatewayDeps, user: AppUser) {
  let cursor: string | undefined;
  do {
    const page = await deps.audit.list({ tenantId: user.tenantId, limit: AUDIT_PAGE, cursor });
    for (const entry of page.entries)
      if (entry.target.kind === 'user' && entry.target.id === user.appUserId) yield entry;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Analytics' reports and insights of the user (the newest 100 of each that it keeps). */
export async function reportsAndInsights(deps: GatewayDeps, user: AppUser) {
  if (!deps.analytics) return { reports: [], insights: [] };
  const subject = { tenantId: user.tenantId, userId: user.asleepUserId };
  const [{ reports }, { insights }] = await Promise.all([
    deps.analytics.listReports({ ...subject, limit: 100 }),
    deps.analytics.insights({ ...subject, limit: 100 }),
  ]);
  return { reports, insights };
}
