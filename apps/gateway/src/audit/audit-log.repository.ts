import { Inject, Injectable } from '@nestjs/common';
import type { AuditEntry, AuditEntryInput } from '@sleep/contracts';
import {
  type AuditPage,
  type AuditQuery,
  type AuditStore,
  auditEntryForStorage,
} from '@sleep/gateway-api';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { and, desc, eq, gte, like, lt, or, type SQL } from 'drizzle-orm';
import { auditLog } from '../db/schema';

type Row = typeof auditLog.$inferSelect;

/** The audit log in `gateway.audit_log`: inserted, read, never updated or deleted (a trigger refuses). */
@Injectable()
export class AuditLogRepository implements AuditStore {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async record(entry: AuditEntryInput): Promise<void> {
    const stored = auditEntryForStorage(entry);
    await this.database.db.insert(auditLog).values({
      tenantId: stored.tenantId,
      actorKind: stored.actor.kind,
      actorId: stored.actor.id,
      action: stored.action,
      targetKind: stored.target.kind,
      targetId: stored.target.id,
      outcome: stored.outcome,
      details: stored.details ?? null,
    });
  }

  async list(query: AuditQuery): Promise<AuditPage> {
    const conditions: (SQL | undefined)[] = [
      query.tenantId === null ? undefined : eq(auditLog.tenantId, query.tenantId),
      query.action
        ? or(eq(auditLog.action, query.action), like(auditLog.action, `${query.action}.%`))
        : undefined,
      query.from ? gte(auditLog.at, new Date(query.from)) : undefined,
      query.to ? lt(auditLog.at, new Date(query.to)) : undefined,
      query.cursor ? lt(auditLog.id, BigInt(query.cursor)) : undefined,
    ];
    const rows = await this.database.db
      .select()
      .from(auditLog)
      .where(and(...conditions))
      .orderBy(desc(auditLog.id))
      .limit(query.limit + 1);
    const entries = rows.slice(0, query.limit).map(entryOf);
    return {
      entries,
      nextCursor: rows.length > query.limit ? entries[entries.length - 1].id : null,
    };
  }
}

function entryOf(row: Row): AuditEntry {
  return {
    id: row.id.toString(),
    at: row.at.toISOString(),
    tenantId: row.tenantId,
    actor: { kind: row.actorKind, id: row.actorId },
    action: row.action,
    target: { kind: row.targetKind, id: row.targetId },
    outcome: row.outcome,
    ...(row.details ? { details: row.details } : {}),
  };
}
