import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Change, ChangeType, WebhookPayload } from '@sleep/contracts';
import { orderingKeyOf } from '@sleep/outbound-webhooks';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';

/** An endpoint as the fan-out sees it: where its feed cursor stands. */
export interface FanoutEndpoint {
  id: string;
  tenantId: string;
  eventTypes: ChangeType[];
  cursor: string | null;
  createdAt: Date;
}

/** A delivery leased to this replica for one attempt. */
export interface LeasedDelivery {
  seq: string;
  id: string;
  endpointId: string;
  tenantId: string;
  url: string;
  body: string;
  attemptCount: number;
  firstDueAt: Date;
  /** The endpoint's secret, and the replaced one while its grace period lasts. */
  secrets: string[];
}

export interface AttemptRecord {
  at: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

export interface EndpointStreak {
  consecutiveFailures: number;
  failingSince: Date | null;
}

/**
 * The outbox in `gateway.webhook_deliveries`: one row per change and endpoint, written before
 * any attempt, so a restart loses nothing; attempts are leased (`FOR UPDATE SKIP LOCKED` and a
 * lease time) so several replicas never send one delivery at once.
 */
@Injectable()
export class WebhookOutboxRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async enabledEndpoints(): Promise<FanoutEndpoint[]> {
    const rows = await this.database.query<{
      id: string;
      tenant_id: string;
      event_types: ChangeType[];
      feed_cursor: string | null;
      created_at: Date;
    }>(
      `select id, tenant_id, event_types, feed_cursor, created_at from gateway.webhook_endpoints
       where status = 'enabled' order by id`,
    );
    return rows.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      eventTypes: row.event_types,
      cursor: row.feed_cursor,
      createdAt: row.created_at,
    }));
  }

  /**
   * Adds one delivery per change, in feed order (their `seq` keeps it), and moves the endpoint's
   * cursor; a change already in the outbox is not added twice.
   */
  async enqueue(
    endpoint: FanoutEndpoint,
    changes: Change[],
    cursor: string,
    now: Date,
  ): Promise<void> {
    for (const change of changes) {
      const payload: WebhookPayload = {
        type: change.type,
        timestamp: change.occurredAt,
        data: change,
      };
      await this.database.query(
        `insert into gateway.webhook_deliveries (id, tenant_id, endpoint_id, change_cursor,
           change_type, ordering_key, occurred_at, body, first_due_at, next_attempt_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
         on conflict (endpoint_id, change_cursor) do nothing`,
        [
          `msg_${randomBytes(12).toString('hex')}`,
          endpoint.tenantId,
          endpoint.id,
          change.cursor,
          change.type,
          orderingKeyOf(change),
          change.occurredAt,
          JSON.stringify(payload),
          now,
        ],
      );
    }
    await this.database.query(
      'update gateway.webhook_endpoints set feed_cursor = $2 where id = $1',
      [endpoint.id, cursor],
    );
  }

  /**
   * Due deliveries of enabled endpoints, leased until `leaseUntil`; one whose ordering key has an
   * earlier delivery still pending at its endpoint waits for it.
   */
  async lease(now: Date, leaseUntil: Date, limit: number): Promise<LeasedDelivery[]> {
    const rows = await this.database.query<{
      seq: string;
      id: string;
      endpoint_id: string;
      tenant_id: string;
      url: string;
      body: string;
      attempt_count: number;
      first_due_at: Date;
      secret: string;
      previous_secret: string | null;
      previous_secret_expires_at: Date | null;
    }>(
      `with due as (
         select d.seq from gateway.webhook_deliveries d
         join gateway.webhook_endpoints e on e.id = d.endpoint_id and e.status = 'enabled'
         where d.status = 'pending' and d.next_attempt_at <= $1
           and (d.leased_until is null or d.leased_until <= $1)
           and (d.ordering_key is null or not exists (
             select 1 from gateway.webhook_deliveries p
             where p.endpoint_id = d.endpoint_id and p.ordering_key = d.ordering_key
               and p.status = 'pending' and p.seq < d.seq))
         order by d.next_attempt_at, d.seq
         limit $3
         for update of d skip locked)
       update gateway.webhook_deliveries d set leased_until = $2
       from due, gateway.webhook_endpoints e
       where d.seq = due.seq and e.id = d.endpoint_id
       returning d.seq::text as seq, d.id, d.endpoint_id, d.tenant_id, e.url, d.body,
         d.attempt_count, d.first_due_at, e.secret, e.previous_secret, e.previous_secret_expires_at`,
      [now, leaseUntil, limit],
    );
    return rows.map((row) => ({
      seq: row.seq,
      id: row.id,
      endpointId: row.endpoint_id,
      tenantId: row.tenant_id,
      url: row.url,
      body: row.body,
      attemptCount: row.attempt_count,
      firstDueAt: row.first_due_at,
      secrets:
        row.previous_secret &&
        row.previous_secret_expires_at &&
        row.previous_secret_expires_at > now
          ? [row.secret, row.previous_secret]
          : [row.secret],
    }));
  }

  private async recordAttempt(delivery: LeasedDelivery, attempt: AttemptRecord, outcome: string) {
    await this.database.query(
      `insert into gateway.webhook_attempts (delivery_seq, at, status_code, latency_ms, outcome, error)
       values ($1, $2, $3, $4, $5, $6)`,
      [delivery.seq, attempt.at, attempt.statusCode, attempt.latencyMs, outcome, attempt.error],
    );
  }

  async succeeded(delivery: LeasedDelivery, attempt: AttemptRecord): Promise<void> {
    await this.recordAttempt(delivery, attempt, 'success');
    await this.database.query(
      `update gateway.webhook_deliveries set status = 'delivered', delivered_at = $2,
         attempt_count = attempt_count + 1, leased_until = null where seq = $1`,
      [delivery.seq, attempt.at],
    );
    await this.database.query(
      `update gateway.webhook_endpoints set consecutive_failures = 0, failing_since = null,
         last_success_at = $2 where id = $1`,
      [delivery.endpointId, attempt.at],
    );
  }

  /** `retryAt` null: given up. Returns the endpoint's failure streak after this one. */
  async failed(
    delivery: LeasedDelivery,
    attempt: AttemptRecord,
    retryAt: Date | null,
  ): Promise<EndpointStreak> {
    await this.recordAttempt(delivery, attempt, 'failure');
    await this.database.query(
      `update gateway.webhook_deliveries set attempt_count = attempt_count + 1, leased_until = null,
         status = case when $2::timestamptz is null then 'failed' else 'pending' end,
         next_attempt_at = coalesce($2, next_attempt_at) where seq = $1`,
      [delivery.seq, retryAt],
    );
    const [row] = await this.database.query<{
      consecutive_failures: number;
      failing_since: Date | null;
    }>(
      `update gateway.webhook_endpoints set consecutive_failures = consecutive_failures + 1,
         failing_since = coalesce(failing_since, $2) where id = $1
       returning consecutive_failures, failing_since`,
      [delivery.endpointId, attempt.at],
    );
    return {
      consecutiveFailures: row?.consecutive_failures ?? 0,
      failingSince: row?.failing_since ?? null,
    };
  }

  /** True when this call disabled it (another replica may have been first). */
  async disableFailing(endpointId: string): Promise<boolean> {
    const rows = await this.database.query(
      `update gateway.webhook_endpoints set status = 'disabled', disabled_reason = 'failing'
       where id = $1 and status = 'enabled' returning id`,
      [endpointId],
    );
    return rows.length > 0;
  }

  /** Settled deliveries (delivered or given up) of changes older than `before`, with their attempts. */
  async sweep(before: Date): Promise<number> {
    const rows = await this.database.query(
      `delete from gateway.webhook_deliveries
       where status <> 'pending' and occurred_at < $1 returning seq`,
      [before],
    );
    return rows.length;
  }

  async pendingCount(): Promise<number> {
    const [row] = await this.database.query<{ n: number }>(
      `select count(*)::int as n from gateway.webhook_deliveries where status = 'pending'`,
    );
    return row?.n ?? 0;
  }
}
