import { join } from 'node:path';
import { type SessionEvent, USER_PROFILE_UPDATED, type UserProfileUpdated } from '@sleep/contracts';
import type { ConsumedMessage } from '@sleep/messaging';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import { factIntents } from '../facts/fact-intents';
import { FactWriter } from '../facts/fact-writer';
import { sessionStarts } from '../facts/session-starts';
import { TenantRules } from '../settings/tenant-rules';
import {
  completedEvent,
  progressedEvent,
  sleepData,
  uniqueUserId,
} from '../testing/session-events';
import { ProfileEventsHandler } from '../users/profile-events.handler';
import { liveOnly, removeTenant } from './deleted-tenants';

const profile = (tenantId: string, userId: string, occurredAt: string): UserProfileUpdated => ({
  eventId: `${userId}@1`,
  type: USER_PROFILE_UPDATED,
  version: 1,
  occurredAt,
  tenantId,
  key: userId,
  payload: { userId, birthYear: 1980, gender: 'female', tags: ['team:a'] },
});
const message = <T>(value: T) => ({ value }) as ConsumedMessage<T>;

describe('removing a tenant from analytics (real Postgres)', () => {
  let target: TestDatabase;
  let database: DatabaseHandle;
  const tenantRows = async (tenantId: string) =>
    Object.fromEntries(
      await Promise.all(
        (
          await database.query<{ table_name: string }>(
            `select table_name from information_schema.columns
             where table_schema = 'analytics' and column_name = 'tenant_id' and table_name <> 'deleted_tenants'`,
          )
        ).map(async ({ table_name }) => {
          const [row] = await database.query<{ n: number }>(
            `select count(*)::int as n from analytics.${table_name} where tenant_id = $1`,
            [tenantId],
          );
          return [table_name, row?.n ?? 0];
        }),
      ),
    ) as Record<string, number>;

  beforeAll(async () => {
    target = await createTestDatabase('analytics_tenant_removal');
    database = await openDatabase({ url: target.url, schema: 'analytics' });
    await migrateDatabase(database, { migrationsFolder: join(__dirname, '../migrations') });
    const writer = new FactWriter(database);
    const profiles = new ProfileEventsHandler(database);
    for (const tenantId of ['gone-co', 'kept-co']) {
      await new TenantRules(database).set(tenantId, {
        sleepDayRule: 'noon-anchor',
        timezone: 'UTC',
        freeDays: [6, 7],
      });
      const userId = uniqueUserId();
      await profiles.handle([message(profile(tenantId, userId, new Date().toISOString()))]);
      const done = sleepData({ start: '2025-03-09T22:00:00Z' });
      const open = sleepData({ start: '2025-03-10T22:00:00Z' });
      const events: SessionEvent[] = [
        progressedEvent(tenantId, userId, done),
        completedEvent(tenantId, userId, done, 2),
        progressedEvent(tenantId, userId, open),
      ];
      await writer.apply(factIntents(events), sessionStarts(events));
    }
  }, 60_000);

  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it('leaves no row of the tenant in any table, settings included; other tenants keep theirs', async () => {
    const before = await tenantRows('gone-co');
    for (const table of [
      'tenant_settings',
      'user_profiles',
      'nightly_facts',
      'session_starts',
      'org_user_days',
    ])
      expect(before[table]).toBeGreaterThan(0);
    const { rowsRemoved } = await removeTenant(database, 'gone-co');
    expect(rowsRemoved).toBe(Object.values(before).reduce((a, b) => a + b, 0));
    expect(Object.values(await tenantRows('gone-co')).every((n) => n === 0)).toBe(true);
    expect(await tenantRows('kept-co')).toEqual(
      expect.objectContaining({ tenant_settings: 1, user_profiles: 1, nightly_facts: 1 }),
    );
    expect(await new TenantRules(database).of(['gone-co'])).toEqual(new Map());
    // Idempotent: a retried deletion removes nothing more and fails on nothing.
    expect(await removeTenant(database, 'gone-co')).toEqual({ rowsRemoved: 0 });
  });

  it('drops events of the tenant that occurred before its deletion, not those of a tenant created anew', async () => {
    const userId = uniqueUserId();
    const before = new Date(Date.now() - 60_000).toISOString();
    // The compacted profiles topic read again from the beginning: the old profile stays out.
    await new ProfileEventsHandler(database).handle([message(profile('gone-co', userId, before))]);
    expect((await tenantRows('gone-co'))['user_profiles']).toBe(0);

    const night = sleepData({ start: '2025-03-11T22:00:00Z' });
    const late = { ...completedEvent('gone-co', userId, night, 2), occurredAt: before };
    const kept = completedEvent('kept-co', userId, night, 2);
    const anew = {
      ...completedEvent('gone-co', userId, night, 3),
      occurredAt: new Date(Date.now() + 1_000).toISOString(),
    };
    expect(await liveOnly(database, [late, kept, anew])).toEqual([kept, anew]);
  });
});
