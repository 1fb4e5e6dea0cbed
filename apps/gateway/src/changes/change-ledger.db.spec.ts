import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Change, SyncChangesPage } from '@sleep/contracts';
import type { ChangeToAppend } from '@sleep/gateway-api';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import fc from 'fast-check';
import { ChangeLedgerRepository } from './change-ledger.repository';

const USERS = ['u0', 'u1', 'u2'];

describe('change ledger in Postgres', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let ledger: ChangeLedgerRepository;

  beforeAll(async () => {
    database = await createTestDatabase('gateway_change_ledger');
    handle = await openDatabase({ url: database.url, schema: 'gateway', poolSize: 8 });
    await migrateDatabase(handle, { migrationsFolder: join(__dirname, '../migrations') });
    ledger = new ChangeLedgerRepository(handle);
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  }, 30_000);

  /** A tenant with app users `u0`… mapped to Asleep users `<tenant>-u0`…. */
  async function tenantWithUsers(): Promise<string> {
    const tenantId = `t-${randomBytes(4).toString('hex')}`;
    await handle.query(
      `insert into gateway.tenants (id, name, default_timezone, api_key_sealed, api_key_sha256)
       values ($1, $1, 'UTC', '{}'::jsonb, $1)`,
      [tenantId],
    );
    for (const user of USERS)
      await handle.query(
        'insert into gateway.app_users (tenant_id, app_user_id, asleep_user_id) values ($1, $2, $3)',
        [tenantId, user, `${tenantId}-${user}`],
      );
    return tenantId;
  }

  const change = (tenantId: string, user: string, key: string): ChangeToAppend => ({
    tenantId,
    asleepUserId: `${tenantId}-${user}`,
    type: 'session.progressed',
    subjectId: `session-${key}`,
    occurredAt: '2026-12-01T23:00:00.000Z',
    data: { version: 1, state: 'OPEN', analysedEpochs: 10 },
    dedupeKey: key,
  });

  const page = async (
    tenantId: string,
    cursor: string | null,
    limit: number,
    appUserId?: string,
  ): Promise<SyncChangesPage> => {
    const answer = await ledger.readAfter(tenantId, cursor, limit, { appUserId });
    if (answer.status !== 'changes') throw new Error(`resync: ${answer.reason}`);
    return answer;
  };

  it('never skips or repeats a change, whatever the interleaving of concurrent writers, redeliveries and paged readers', async () => {
    const step = fc.record({
      // Keys from a small pool: redeliveries of one event race with each other.
      appends: fc.array(fc.tuple(fc.constantFrom(...USERS), fc.integer({ min: 0, max: 40 })), {
        maxLength: 8,
      }),
      readLimit: fc.integer({ min: 1, max: 5 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const tenantId = await tenantWithUsers();
        const reader = { cursor: null as string | null, seen: [] as Change[] };
        const member = { cursor: null as string | null, seen: [] as Change[] };
        const appended: Change[] = [];
        const read = async (who: typeof reader, limit: number, appUserId?: string) => {
          const next = await page(tenantId, who.cursor, limit, appUserId);
          who.seen.push(...next.changes);
          who.cursor = next.cursor;
        };
        for (const { appends, readLimit } of steps) {
          // Writers and readers at once: a reader may run between any two commits.
          const writes = appends.map(async ([user, key]) => {
            const done = await ledger.append(change(tenantId, user, `k${key}`));
            if (done) appended.push(done);
          });
          await Promise.all([
            ...writes,
            // One reader reads one page after the other, as an app does.
            read(reader, readLimit).then(() => read(reader, readLimit)),
            read(member, readLimit, 'u1'),
          ]);
        }
        for (let more = true; more; ) {
          const next = await page(tenantId, reader.cursor, 7);
          reader.seen.push(...next.changes);
          reader.cursor = next.cursor;
          more = next.hasMore;
        }
        for (let more = true; more; ) {
          const next = await page(tenantId, member.cursor, 3, 'u1');
          member.seen.push(...next.changes);
          member.cursor = next.cursor;
          more = next.hasMore;
        }

        const keys = new Set(steps.flatMap((s) => s.appends.map(([, key]) => `session-k${key}`)));
        const order = (changes: Change[]) => changes.map((c) => Number(c.cursor.split('.')[1]));
        // Exactly once each: every distinct event, no redelivery twice.
        expect(reader.seen.map((c) => c.subjectId).sort()).toEqual([...keys].sort());
        expect(appended.map((c) => c.cursor).sort()).toEqual(
          reader.seen.map((c) => c.cursor).sort(),
        );
        // In the one total order, with no gap: 1, 2, 3, …
        expect(order(reader.seen)).toEqual(reader.seen.map((_, i) => i + 1));
        // A member's filtered reads see exactly their own, in the same order.
        expect(member.seen).toEqual(reader.seen.filter((c) => c.userId === 'u1'));
      }),
      { numRuns: 12 },
    );
  }, 180_000);

  it('appends consumed batches of two replicas at once in one total order per tenant, each change once, whatever the redeliveries', async () => {
    // A second replica: its own pool and its own ledger object, the same tables.
    const otherHandle = await openDatabase({ url: database.url, schema: 'gateway', poolSize: 4 });
    const replicas = [ledger, new ChangeLedgerRepository(otherHandle)];
    try {
      const batch = fc.array(
        fc.record({
          replica: fc.constantFrom(0, 1),
          tenant: fc.constantFrom(0, 1),
          // Keys from a small pool: a batch may hold a key twice, or one another batch holds.
          changes: fc.array(fc.tuple(fc.constantFrom(...USERS), fc.integer({ min: 0, max: 30 })), {
            minLength: 1,
            maxLength: 12,
          }),
        }),
        { minLength: 1, maxLength: 6 },
      );
      await fc.assert(
        fc.asyncProperty(fc.array(batch, { minLength: 1, maxLength: 4 }), async (rounds) => {
          const tenants = [await tenantWithUsers(), await tenantWithUsers()];
          const appended: Change[][] = [[], []];
          for (const batches of rounds)
            await Promise.all(
              batches.map(async ({ replica, tenant, changes }) => {
                const done = await replicas[replica].appendAll(
                  changes.map(([user, key]) => change(tenants[tenant], user, `k${key}`)),
                );
                appended[tenant].push(...done);
              }),
            );
          for (const [index, tenantId] of tenants.entries()) {
            const keys = new Set(
              rounds.flatMap((batches) =>
                batches
                  .filter((b) => b.tenant === index)
                  .flatMap((b) => b.changes.map(([, key]) => `session-k${key}`)),
              ),
            );
            const { changes: all, hasMore } = await page(tenantId, null, 500);
            expect(hasMore).toBe(false);
            expect(all.map((c) => c.subjectId).sort()).toEqual([...keys].sort());
            expect(all.map((c) => Number(c.cursor.split('.')[1]))).toEqual(
              all.map((_, i) => i + 1),
            );
            expect(appended[index].map((c) => c.cursor).sort()).toEqual(
              all.map((c) => c.cursor).sort(),
            );
          }
        }),
        { numRuns: 10 },
      );
    } finally {
      await otherHandle.close();
    }
  }, 180_000);

  it('appends a batch in the order given, leaving out a key seen before or twice, unknown and erased users, without holes', async () => {
    const tenantId = await tenantWithUsers();
    await ledger.append(change(tenantId, 'u1', 'seen'));
    await ledger.eraseUser({
      tenantId,
      appUserId: 'u2',
      asleepUserId: `${tenantId}-u2`,
      occurredAt: '2026-12-02T10:00:00.000Z',
    });
    const batch = [
      change(tenantId, 'u0', 'c'),
      change(tenantId, 'u1', 'seen'),
      change(tenantId, 'nobody', 'x'),
      change(tenantId, 'u0', 'a'),
      change(tenantId, 'u2', 'erased'),
      change(tenantId, 'u0', 'c'),
      change(tenantId, 'u1', 'b'),
    ];
    const appended = await ledger.appendAll(batch);
    expect(appended.map((c) => [c.subjectId, c.cursor.split('.')[1]])).toEqual([
      ['session-c', '3'],
      ['session-a', '4'],
      ['session-b', '5'],
    ]);
    // The whole batch redelivered: nothing new, and the next change follows at once.
    expect(await ledger.appendAll(batch)).toEqual([]);
    const next = await ledger.append(change(tenantId, 'u0', 'd'));
    expect(next?.cursor.split('.')[1]).toBe('6');
    const { changes } = await page(tenantId, null, 10);
    expect(changes.map((c) => c.subjectId)).toEqual([
      'session-seen',
      'u2',
      'session-c',
      'session-a',
      'session-b',
      'session-d',
    ]);
  });

  it('appends nothing for a user it does not know, and one change per dedupe key', async () => {
    const tenantId = await tenantWithUsers();
    expect(await ledger.append(change(tenantId, 'nobody', 'a'))).toBeNull();
    const first = await ledger.append(change(tenantId, 'u0', 'a'));
    expect(first).toMatchObject({
      type: 'session.progressed',
      userId: 'u0',
      subjectId: 'session-a',
    });
    expect(await ledger.append(change(tenantId, 'u0', 'a'))).toBeNull();
    // Another tenant's asleep user is not this tenant's.
    const other = await tenantWithUsers();
    expect(await ledger.append({ ...change(tenantId, 'u0', 'b'), tenantId: other })).toBeNull();
  });

  it('on erasure keeps only user.deleted of the user, and appends nothing of theirs afterwards', async () => {
    const tenantId = await tenantWithUsers();
    await ledger.append(change(tenantId, 'u0', 'a'));
    await ledger.append(change(tenantId, 'u1', 'b'));
    await ledger.append(change(tenantId, 'u0', 'c'));
    const user = { tenantId, appUserId: 'u0', asleepUserId: `${tenantId}-u0` };
    await ledger.eraseUser({ ...user, occurredAt: '2026-12-02T10:00:00.000Z' });
    await ledger.eraseUser({ ...user, occurredAt: '2026-12-02T10:00:01.000Z' });
    expect(await ledger.append(change(tenantId, 'u0', 'late'))).toBeNull();
    const { changes } = await page(tenantId, null, 10);
    expect(changes.map((c) => [c.type, c.userId, c.subjectId])).toEqual([
      ['session.progressed', 'u1', 'session-b'],
      ['user.deleted', 'u0', 'u0'],
    ]);
    expect(changes[1].data).toEqual({});
    const stored = await handle.query<{ n: string }>(
      'select count(*) as n from gateway.change_ledger where asleep_user_id = $1',
      [user.asleepUserId],
    );
    expect(Number(stored[0].n)).toBe(1);
  });

  it('answers resync for a cursor retention swept past, an unknown or malformed one, and one of a removed tenant', async () => {
    const tenantId = await tenantWithUsers();
    const [a, b, c] = [
      await ledger.append(change(tenantId, 'u0', 'a')),
      await ledger.append(change(tenantId, 'u0', 'b')),
      await ledger.append(change(tenantId, 'u0', 'c')),
    ];
    await handle.query(
      `update gateway.change_ledger set recorded_at = now() - interval '40 days'
       where tenant_id = $1 and dedupe_key in ('a', 'b')`,
      [tenantId],
    );
    const { removed } = await ledger.sweep(new Date(Date.now() - 30 * 24 * 3_600_000));
    expect(removed).toBeGreaterThanOrEqual(2);
    expect(await ledger.readAfter(tenantId, a!.cursor, 10)).toMatchObject({
      status: 'resync',
      reason: 'cursor_expired',
    });
    // Read up to b before the sweep: nothing was missed, the feed goes on.
    expect((await page(tenantId, b!.cursor, 10)).changes.map((x) => x.subjectId)).toEqual([
      'session-c',
    ]);
    expect((await page(tenantId, null, 10)).changes.map((x) => x.cursor)).toEqual([c!.cursor]);
    const epoch = c!.cursor.split('.')[0];
    for (const unknown of ['nonsense', `${epoch}.99`, 'ffffffff.1', `${epoch}.-1`])
      expect(await ledger.readAfter(tenantId, unknown, 10)).toMatchObject({
        status: 'resync',
        reason: 'cursor_unknown',
      });
    await ledger.removeTenant(tenantId);
    const afterRemoval = await ledger.readAfter(tenantId, c!.cursor, 10);
    expect(afterRemoval).toMatchObject({ status: 'resync', reason: 'cursor_unknown' });
    expect(afterRemoval.cursor).not.toBe(c!.cursor);
  });

  it('moves a filtered reader to the head when nothing of theirs is new', async () => {
    const tenantId = await tenantWithUsers();
    await ledger.append(change(tenantId, 'u0', 'a'));
    const last = await ledger.append(change(tenantId, 'u0', 'b'));
    const mine = await page(tenantId, null, 10, 'u2');
    expect(mine.changes).toEqual([]);
    expect(mine.cursor).toBe(last!.cursor);
  });
});
