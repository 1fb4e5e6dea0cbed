import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type {
  ChangeType,
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
} from '@sleep/contracts';
import type {
  NewWebhookEndpoint,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  WebhookEndpointPatch,
  WebhookEndpointStore,
  WebhookReplaySelection,
} from '@sleep/gateway-api';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';

interface EndpointRow {
  id: string;
  url: string;
  description: string;
  event_types: ChangeType[];
  status: 'enabled' | 'disabled';
  disabled_reason: 'manual' | 'failing' | null;
  previous_secret_expires_at: Date | null;
  consecutive_failures: number;
  failing_since: Date | null;
  last_success_at: Date | null;
  created_at: Date;
}

const ENDPOINT_COLUMNS = `id, url, description, event_types, status, disabled_reason,
  previous_secret_expires_at, consecutive_failures, failing_since, last_success_at, created_at`;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function endpointOf(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    status: row.status,
    disabledReason: row.disabled_reason,
    previousSecretExpiresAt:
      row.previous_secret_expires_at && row.previous_secret_expires_at > new Date()
        ? row.previous_secret_expires_at.toISOString()
        : null,
    consecutiveFailures: row.consecutive_failures,
    failingSince: iso(row.failing_since),
    lastSuccessAt: iso(row.last_success_at),
    createdAt: row.created_at.toISOString(),
  };
}

/** Attempts shown per delivery: the latest ones. */
const ATTEMPTS_SHOWN = 20;

/** The tenants' endpoints in `gateway.webhook_endpoints`; every statement names the tenant. */
@Injectable()
export class WebhookEndpointRepository implements WebhookEndpointStore {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  private async one(sql: string, params: unknown[]): Promise<WebhookEndpoint | null> {
    const [row] = await this.database.query<EndpointRow>(sql, params);
    return row ? endpointOf(row) : null;
  }

  async create(tenantId: string, endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    const id = `ep_${randomBytes(12).toString('hex')}`;
    const [row] = await this.database.query<EndpointRow>(
      `insert into gateway.webhook_endpoints (id, tenant_id, url, description, event_types, secret)
       values ($1, $2, $3, $4, $5, $6) returning ${ENDPOINT_COLUMNS}`,
      [id, tenantId, endpoint.url, endpoint.description, endpoint.eventTypes, endpoint.secret],
    );
    return endpointOf(row);
  }

  async list(tenantId: string): Promise<WebhookEndpoint[]> {
    const rows = await this.database.query<EndpointRow>(
      `select ${ENDPOINT_COLUMNS} from gateway.webhook_endpoints where tenant_id = $1 order by created_at, id`,
      [tenantId],
    );
    return rows.map(endpointOf);
  }

  get(tenantId: string, endpointId: string): Promise<WebhookEndpoint | null> {
    return this.one(
      `select ${ENDPOINT_COLUMNS} from gateway.webhook_endpoints where tenant_id = $1 and id = $2`,
      [tenantId, endpointId],
    );
  }

  /**
   * Enabling forgets the failure streak and makes pending deliveries due at once; disabling
   * pauses them (the feed cursor waits too, so nothing is lost while disabled).
   */
  async update(
    tenantId: string,
    endpointId: string,
    patch: WebhookEndpointPatch,
  ): Promise<WebhookEndpoint | null> {
    const updated = await this.one(
      `update gateway.webhook_endpoints set
         url = coalesce($3, url),
         description = coalesce($4, description),
         event_types = coalesce($5, event_types),
         status = case when $6::boolean is null then status when $6 then 'enabled' else 'disabled' end,
         disabled_reason = case when $6::boolean is null then disabled_reason when $6 then null else 'manual' end,
         consecutive_failures = case when $6::boolean then 0 else consecutive_failures end,
         failing_since = case when $6::boolean then null else failing_since end
       where tenant_id = $1 and id = $2 returning ${ENDPOINT_COLUMNS}`,
      [
        tenantId,
        endpointId,
        patch.url ?? null,
        patch.description ?? null,
        patch.eventTypes ?? null,
        patch.enabled ?? null,
      ],
    );
    if (updated && patch.enabled)
      await this.database.query(
        `update gateway.webhook_deliveries set next_attempt_at = now()
         where endpoint_id = $1 and status = 'pending' and next_attempt_at > now()`,
        [endpointId],
      );
    return updated;
  }

  async remove(tenantId: string, endpointId: string): Promise<boolean> {
    const rows = await this.database.query(
      'delete from gateway.webhook_endpoints where tenant_id = $1 and id = $2 returning id',
      [tenantId, endpointId],
    );
    return rows.length > 0;
  }

  async removeTenant(tenantId: string): Promise<void> {
    await this.database.query('delete from gateway.webhook_endpoints where tenant_id = $1', [
      tenantId,
    ]);
  }

  rotateSecret(
    tenantId: string,
    endpointId: string,
    secret: string,
    previousExpiresAt: Date,
  ): Promise<WebhookEndpoint | null> {
    return this.one(
      `update gateway.webhook_endpoints set previous_secret = secret, secret = $3,
         previous_secret_expires_at = $4
       where tenant_id = $1 and id = $2 returning ${ENDPOINT_COLUMNS}`,
      [tenantId, endpointId, secret, previousExpiresAt],
    );
  }

  async deliveries(
    tenantId: string,
    query: WebhookDeliveryQuery,
  ): Promise<WebhookDeliveryPage | null> {
    if (!(await this.get(tenantId, query.endpointId))) return null;
    const rows = await this.database.query<{
      seq: string;
      id: string;
      endpoint_id: string;
      change_type: ChangeType;
      occurred_at: Date;
      status: WebhookDelivery['status'];
      next_attempt_at: Date;
      attempts: WebhookAttemptRow[] | null;
    }>(
      `select d.seq::text as seq, d.id, d.endpoint_id, d.change_type, d.occurred_at, d.status,
         d.next_attempt_at,
         (select json_agg(a order by a.id) from (
            select id, at, status_code, latency_ms, outcome, error from gateway.webhook_attempts
            where delivery_seq = d.seq order by id desc limit ${ATTEMPTS_SHOWN}) a) as attempts
       from gateway.webhook_deliveries d
       where d.tenant_id = $1 and d.endpoint_id = $2
         and ($3::text is null or d.status = $3)
         and ($4::bigint is null or d.seq < $4)
       order by d.seq desc limit $5`,
      [tenantId, query.endpointId, query.status ?? null, query.cursor ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    return {
      deliveries: page.map((row) => ({
        id: row.id,
        endpointId: row.endpoint_id,
        type: row.change_type,
        occurredAt: row.occurred_at.toISOString(),
        status: row.status,
        nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
        attempts: (row.attempts ?? []).map(attemptOf),
      })),
      nextCursor: rows.length > query.limit ? page[page.length - 1].seq : null,
    };
  }

  /** Due again now, attempts counted afresh (a replay has its own 3 days). */
  async replay(
    tenantId: string,
    endpointId: string,
    selection: WebhookReplaySelection,
  ): Promise<number | null> {
    if (!(await this.get(tenantId, endpointId))) return null;
    const byId = 'deliveryId' in selection;
    const rows = await this.database.query(
      `update gateway.webhook_deliveries set status = 'pending', attempt_count = 0,
         first_due_at = now(), next_attempt_at = now(), delivered_at = null
       where tenant_id = $1 and endpoint_id = $2
         and ${byId ? 'id = $3' : 'occurred_at >= $3 and occurred_at < $4'}
       returning seq`,
      byId
        ? [tenantId, endpointId, selection.deliveryId]
        : [tenantId, endpointId, selection.from, selection.to],
    );
    return rows.length;
  }
}

interface WebhookAttemptRow {
  at: string;
  status_code: number | null;
  latency_ms: number;
  outcome: 'success' | 'failure';
  error: string | null;
}

const attemptOf = (row: WebhookAttemptRow): WebhookAttempt => ({
  at: new Date(row.at).toISOString(),
  statusCode: row.status_code,
  latencyMs: row.latency_ms,
  outcome: row.outcome,
  error: row.error,
});
