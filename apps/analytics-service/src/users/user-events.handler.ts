import { Inject, Injectable } from '@nestjs/common';
import type { UserEvent } from '@sleep/contracts';
import type { ConsumedMessage } from '@sleep/messaging';
import { DATABASE, type AnyDatabaseHandle } from '@sleep/persistence';
import { sql } from 'drizzle-orm';
import { AnalyticsMetrics } from '../observability/analytics.metrics';
import type { UserTopicMessage } from '@sleep/contracts';
import { liveOnly } from '../tenants/deleted-tenants';

/** `sleep.users.v1`: the profile fields age bands need, and removal of everything about a deleted user. */
@Injectable()
export class UserEventsHandler {
  constructor(
    @Inject(DATABASE) private readonly database: AnyDatabaseHandle,
    private readonly metrics: AnalyticsMetrics,
  ) {}

  async handle(messages: readonly ConsumedMessage<UserTopicMessage>[]): Promise<void> {
    const events = messages.flatMap((m) => (m.value.kind === 'event' ? [m.value.event] : []));
    for (const event of await liveOnly(this.database, events)) await this.apply(event);
  }

  async apply(event: UserEvent): Promise<void> {
    const { tenantId } = event;
    const { userId } = event.payload;
    if (event.type === 'sleep.user.upserted') {
      const meta = event.payload.metadata;
      await this.database.db.execute(
        sql`insert into analytics.user_profiles (tenant_id, user_id, birth_year, gender)
            select ${tenantId}, ${userId}, ${meta?.birth_year ?? null}::int, ${meta?.gender ?? null}::text
            where not exists (select 1 from analytics.deleted_users where tenant_id = ${tenantId} and user_id = ${userId})
            on conflict (tenant_id, user_id) do update set birth_year = excluded.birth_year, gender = excluded.gender`,
      );
      return;
    }
    const removed = await this.database.transaction(async (tx) => {
      await tx.execute(
        sql`insert into analytics.deleted_users (tenant_id, user_id) values (${tenantId}, ${userId}) on conflict do nothing`,
      );
      const facts = await tx.execute(
        sql`delete from analytics.nightly_facts where tenant_id = ${tenantId} and user_id = ${userId}`,
      );
      for (const table of [
        'deleted_sessions',
        'skipped_nights',
        'user_profiles',
        'reports',
        'insights',
        'session_starts',
        'org_user_days',
      ])
        await tx.execute(
          sql`delete from ${sql.raw(`analytics.${table}`)} where tenant_id = ${tenantId} and user_id = ${userId}`,
        );
      return (facts as { rowCount?: number }).rowCount ?? 0;
    });
    this.metrics.factsDeleted.inc(removed);
  }
}
