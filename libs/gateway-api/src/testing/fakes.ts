import {
  type AuditActor,
  type AuditEntry,
  type AuditEntryInput,
  type OrgSettings,
  type OrgSettingsVersion,
  type SleepData,
  type UserMetadata,
} from '@sleep/contracts';
import type { SessionUser } from '@sleep/session-rpc';
import { auditEntryForStorage } from '../audit/audit-redaction';
import { AlreadyExistsError } from '../errors/already-exists';
import type {
  CallOutcome,
  LimitEvents,
  RefusalReason,
  StreamCloseReason,
  UsageDay,
  UsageLedger,
} from '../ports/limits.port';
import type {
  SessionListQuery,
  SessionPage,
  SessionRef,
  SessionStore,
} from '../ports/sessions.port';
import type { AuditPage, AuditQuery, AuditStore } from '../ports/audit-log.port';
import type { OrgSettingsHistoryPage, OrgSettingsStore } from '../ports/org-settings.port';
import type { AppUser, AppUserDirectory, AppUserPage, UserEvents } from '../ports/users.port';

/** The audit log in memory, redacted as the real one is; `entries` oldest first. */
export class FakeAuditLog implements AuditStore {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditEntryInput): Promise<void> {
    const stored = auditEntryForStorage(entry);
    this.entries.push({
      ...stored,
      id: String(this.entries.length + 1),
      at: new Date().toISOString(),
    });
  }
  async list(query: AuditQuery): Promise<AuditPage> {
    const matching = this.entries
      .filter(
        (entry) =>
          (query.tenantId === null || entry.tenantId === query.tenantId) &&
          (!query.action ||
            entry.action === query.action ||
            entry.action.startsWith(`${query.action}.`)) &&
          (!query.from || Date.parse(entry.at) >= Date.parse(query.from)) &&
          (!query.to || Date.parse(entry.at) < Date.parse(query.to)) &&
          (!query.cursor || Number(entry.id) < Number(query.cursor)),
      )
      .reverse();
    const entries = matching.slice(0, query.limit);
    return {
      entries,
      nextCursor: matching.length > query.limit ? entries[entries.length - 1].id : null,
    };
  }
}

/** Settings versions in memory. */
export class FakeOrgSettings implements OrgSettingsStore {
  readonly versions = new Map<string, OrgSettingsVersion[]>();
  async latest(tenantId: string) {
    return this.versions.get(tenantId)?.at(-1) ?? null;
  }
  async history(
    tenantId: string,
    page: { limit: number; cursor?: string },
  ): Promise<OrgSettingsHistoryPage> {
    const all = [...(this.versions.get(tenantId) ?? [])]
      .reverse()
      .filter((v) => !page.cursor || v.version < Number(page.cursor));
    const versions = all.slice(0, page.limit);
    return {
      versions,
      nextCursor: all.length > page.limit ? String(versions[versions.length - 1].version) : null,
    };
  }
  async append(
    tenantId: string,
    expectedVersion: number,
    settings: OrgSettings,
    changedBy: AuditActor,
  ): Promise<OrgSettingsVersion> {
    const mine = this.versions.get(tenantId) ?? [];
    if ((mine.at(-1)?.version ?? 0) !== expectedVersion)
      throw new AlreadyExistsError(`${tenantId} settings version ${expectedVersion + 1}`);
    const version = {
      version: expectedVersion + 1,
      settings,
      changedBy,
      changedAt: new Date().toISOString(),
    };
    this.versions.set(tenantId, [...mine, version]);
    return version;
  }
  async removeTenant(tenantId: string): Promise<void> {
    this.versions.delete(tenantId);
  }
}

export class FakeAppUsers implements AppUserDirectory {
  readonly users = new Map<string, AppUser>();
  async find(tenantId: string, appUserId: string) {
    return this.users.get(`${tenantId}/${appUserId}`) ?? null;
  }
  async list(tenantId: string, page: { limit: number; cursor?: string }): Promise<AppUserPage> {
    const all = [...this.users.values()]
      .filter(
        (user) => user.tenantId === tenantId && (!page.cursor || user.appUserId > page.cursor),
      )
      .sort((a, b) => a.appUserId.localeCompare(b.appUserId));
    const items = all.slice(0, page.limit);
    return {
      items,
      nextCursor: all.length > page.limit ? items[items.length - 1].appUserId : null,
    };
  }
  async add(user: AppUser) {
    const key = `${user.tenantId}/${user.appUserId}`;
    if (this.users.has(key)) throw new AlreadyExistsError(key);
    this.users.set(key, user);
  }
  async remove(tenantId: string, appUserId: string) {
    return this.users.delete(`${tenantId}/${appUserId}`);
  }
  async setTags(tenantId: string, appUserId: string, tags: string[]) {
    const user = this.users.get(`${tenantId}/${appUserId}`);
    if (!user) return null;
    const tagged = { ...user, tags };
    this.users.set(`${tenantId}/${appUserId}`, tagged);
    return tagged;
  }
}

export class RecordingUserEvents implements UserEvents {
  readonly events: {
    type: 'upserted' | 'deleted';
    user: AppUser;
    metadata?: UserMetadata | null;
  }[] = [];
  async upserted(user: AppUser, metadata: UserMetadata | null) {
    this.events.push({ type: 'upserted', user, metadata });
  }
  async deleted(user: AppUser) {
    this.events.push({ type: 'deleted', user });
  }
}

const keyOf = (ref: SessionRef) => `${ref.tenantId}/${ref.asleepUserId}/${ref.sessionId}`;

/** Sessions held "in session-service", scoped by tenant and user like the real store. */
export class FakeSessionStore implements SessionStore {
  readonly sessions = new Map<string, SleepData>();
  calls = 0;
  failing = false;

  put(ref: SessionRef, session: SleepData): void {
    this.sessions.set(keyOf(ref), session);
  }
  async get(ref: SessionRef & { timezone: string }) {
    this.calls++;
    if (this.failing) throw new Error('session-service is down');
    return this.sessions.get(keyOf(ref)) ?? null;
  }
  async list(query: SessionListQuery): Promise<SessionPage> {
    if (this.failing) throw new Error('session-service is down');
    const prefix = `${query.tenantId}/${query.asleepUserId}/`;
    const startDate = (start: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: query.timezone }).format(new Date(start));
    const mine = [...this.sessions.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, data]) => data.session)
      .filter(
        (session) =>
          (!query.dateLte || startDate(session.start_time) <= query.dateLte) &&
          (!query.dateGte || startDate(session.start_time) >= query.dateGte),
      );
    const page = mine.slice(query.offset, query.offset + query.limit);
    return {
      timezone: query.timezone,
      sessions: page.map((session) => ({
        session_id: session.id,
        state: session.state,
        session_start_time: session.start_time,
        session_end_time: session.end_time,
        created_timezone: session.created_timezone,
        unexpected_end_time: session.unexpected_end_time,
        last_received_seq_num: null,
        time_in_bed: null,
      })),
      nextOffset: query.offset + query.limit < mine.length ? query.offset + query.limit : null,
    };
  }
  async delete(ref: SessionRef) {
    return { deleted: this.sessions.delete(keyOf(ref)) };
  }
  /** A user as the store would know them from the sessions it holds; null without any. */
  async user(ref: Omit<SessionRef, 'sessionId'>): Promise<SessionUser | null> {
    if (this.failing) throw new Error('session-service is down');
    const prefix = `${ref.tenantId}/${ref.asleepUserId}/`;
    const count = [...this.sessions.keys()].filter((key) => key.startsWith(prefix)).length;
    if (count === 0) return null;
    return {
      user_id: ref.asleepUserId,
      tenant_id: ref.tenantId,
      metadata: null,
      first_seen_at: '2025-03-01T00:00:00Z',
      last_seen_at: '2025-03-31T00:00:00Z',
      session_count: count,
      last_session: null,
    };
  }
}

export class RecordingUsage implements UsageLedger {
  readonly calls: { tenantId: string; procedure: string; outcome: CallOutcome }[] = [];
  record(tenantId: string, procedure: string, outcome: CallOutcome) {
    this.calls.push({ tenantId, procedure, outcome });
  }
  async daily(tenantId: string): Promise<UsageDay[]> {
    const mine = this.calls.filter((call) => call.tenantId === tenantId);
    const date = new Date().toISOString().slice(0, 10);
    return [...new Set(mine.map((call) => call.procedure))].map((procedure) => {
      const calls = mine.filter((call) => call.procedure === procedure);
      return {
        date,
        procedure,
        calls: calls.length,
        errors: calls.filter((c) => c.outcome !== 'ok').length,
        meanMs: 1,
      };
    });
  }
}

export class RecordingLimitEvents implements LimitEvents {
  readonly refusals: RefusalReason[] = [];
  readonly closed: StreamCloseReason[] = [];
  refused(reason: RefusalReason) {
    this.refusals.push(reason);
  }
  streamClosed(reason: StreamCloseReason) {
    this.closed.push(reason);
  }
}
