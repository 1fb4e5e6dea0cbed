import { Inject, Injectable } from '@nestjs/common';
import type { UserProfileUpdated } from '@sleep/contracts';
import type { ConsumedMessage } from '@sleep/messaging';
import { DATABASE, type AnyDatabaseHandle } from '@sleep/persistence';
import { sql } from 'drizzle-orm';
import { liveOnly } from '../tenants/deleted-tenants';

/**
 * `sleep.user-profiles.v1`: the latest birth year, gender and tags of every user. A user deleted here
 * (`deleted_users`, from `sleep.users.v1`) is never brought back by a profile.
 */
@Injectable()
export class ProfileEventsHandler {
  constructor(@Inject(DATABASE) private readonly database: AnyDatabaseHandle) {}

  async handle(messages: readonly ConsumedMessage<UserProfileUpdated>[]): Promise<void> {
    // The topic is keyed by user: within a batch only each user's last profile counts.
    const latest = new Map<string, UserProfileUpdated>();
    for (const { value } of messages)
      latest.set(`${value.tenantId}\u0000${value.payload.userId}`, value);
    for (const profile of await liveOnly(this.database, [...latest.values()]))
      await this.apply(profile);
  }

  async apply({ tenantId, payload }: UserProfileUpdated): Promise<void> {
    await this.database.db.execute(
      sql`insert into analytics.user_profiles (tenant_id, user_id, birth_year, gender, tags)
          select ${tenantId}, ${payload.userId}, ${payload.birthYear}::int, ${payload.gender}::text, ${sql.param(payload.tags)}::text[]
          where not exists (select 1 from analytics.deleted_users where tenant_id = ${tenantId} and user_id = ${payload.userId})
          on conflict (tenant_id, user_id) do update set birth_year = excluded.birth_year, gender = excluded.gender, tags = excluded.tags`,
    );
  }
}
