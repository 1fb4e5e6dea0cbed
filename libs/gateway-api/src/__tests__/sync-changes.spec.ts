import { startAsleepSim, type AsleepSim } from '@sleep/asleep-sim';
import type { Change, SyncChangesPage } from '@sleep/contracts';
import { TRPCError } from '@trpc/server';
import type { Principal, Role } from '../auth/principal';
import { createTestGateway, type TestGateway } from '../testing';

const KEY = 'sk-sync-0123456789abcdef';
const as = (appUserId: string, role: Role): Principal => ({ tenantId: 'acme', appUserId, role });
const adam = as('adam', 'admin');
const DAY = 24 * 3_600_000;

describe('sync.changes and sync.live', () => {
  let sim: AsleepSim;
  let gateway: TestGateway;
  const asleepIds: Record<string, string> = {};
  let appended = 0;

  beforeAll(async () => {
    sim = await startAsleepSim({ apiKeys: [KEY], seed: 5 });
    gateway = createTestGateway(sim.url);
    await gateway.tenants.create({
      id: 'acme',
      name: 'Acme',
      defaultTimezone: 'UTC',
      asleepApiKey: KEY,
    });
    for (const name of ['alice', 'bob', 'carol'])
      asleepIds[name] = (await gateway.caller(as(name, 'member')).users.create({})).asleepUserId;
  }, 30_000);
  afterAll(async () => {
    await gateway?.close();
    await sim?.stop();
  });

  const night = (user: string) =>
    gateway.changes.append({
      tenantId: 'acme',
      asleepUserId: asleepIds[user],
      type: 'session.completed',
      subjectId: `night-${++appended}`,
      occurredAt: new Date().toISOString(),
      data: { version: 3, state: 'COMPLETE', analysedEpochs: 960 },
      dedupeKey: `sessions:${appended}`,
    });

  const changes = async (who: Principal, input: { cursor?: string; limit?: number } = {}) => {
    const answer = await gateway.caller(who).sync.changes(input);
    if (answer.status !== 'changes') throw new Error(`resync: ${answer.reason}`);
    return answer;
  };

  /** Every page after `cursor` until the feed is caught up. */
  async function catchUp(who: Principal, cursor: string | undefined, limit: number) {
    const seen: Change[] = [];
    let page: SyncChangesPage;
    do {
      page = await changes(who, { cursor, limit });
      seen.push(...page.changes);
      cursor = page.cursor;
    } while (page.hasMore);
    return { seen, cursor: cursor! };
  }

  it('lets an app offline for a week catch up exactly: every change once, in order, then nothing', async () => {
    const { cursor: before } = await catchUp(adam, undefined, 500);
    const written: string[] = [];
    for (let i = 0; i < 250; i++)
      written.push((await night(['alice', 'bob', 'carol'][i % 3]))!.subjectId);
    const { seen, cursor } = await catchUp(adam, before, 100);
    expect(seen.map((change) => change.subjectId)).toEqual(written);
    expect(seen[0]).toMatchObject({
      type: 'session.completed',
      userId: 'alice',
      data: { version: 3, state: 'COMPLETE', analysedEpochs: 960 },
    });
    const again = await changes(adam, { cursor });
    expect(again).toEqual({ status: 'changes', changes: [], cursor, hasMore: false });
  });

  it('shows a member their own changes only; analysts and admins every user’s', async () => {
    const { cursor } = await catchUp(adam, undefined, 500);
    const { cursor: aliceAt } = await catchUp(as('alice', 'member'), undefined, 500);
    await night('alice');
    await night('bob');
    expect((await catchUp(as('alice', 'member'), aliceAt, 10)).seen.map((c) => c.userId)).toEqual([
      'alice',
    ]);
    for (const reader of [adam, as('ana', 'analyst')])
      expect((await catchUp(reader, cursor, 10)).seen.map((c) => c.userId)).toEqual([
        'alice',
        'bob',
      ]);
  });

  it('answers bad input clearly: limit out of range, a cursor no answer gave', async () => {
    for (const input of [
      { limit: 0 },
      { limit: 501 },
      { limit: 1.5 },
      { cursor: 'has space' },
      { cursor: 'x'.repeat(65) },
    ]) {
      const error = await gateway
        .caller(adam)
        .sync.changes(input)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('BAD_REQUEST');
    }
    const head = (await catchUp(adam, undefined, 500)).cursor;
    for (const cursor of ['nonsense', 'e1.999999', 'e999.1'])
      expect(await gateway.caller(adam).sync.changes({ cursor })).toEqual({
        status: 'resync',
        reason: 'cursor_unknown',
        cursor: head,
      });
  });

  it('answers resync (cursor_expired) once retention swept past a cursor, and resumes from the cursor it gives', async () => {
    const realNow = gateway.changes.now;
    const { cursor: stale } = await catchUp(adam, undefined, 500);
    gateway.changes.now = () => Date.now() - 40 * DAY;
    await night('carol');
    gateway.changes.now = realNow;
    await gateway.changes.sweep(new Date(Date.now() - 30 * DAY));
    const answer = await gateway.caller(adam).sync.changes({ cursor: stale });
    expect(answer).toMatchObject({ status: 'resync', reason: 'cursor_expired' });
    const fresh = await night('carol');
    expect((await catchUp(adam, answer.cursor, 10)).seen).toEqual([fresh]);
  });

  it('replaces an erased user’s changes by user.deleted, ids only', async () => {
    const dora = as('dora', 'member');
    asleepIds['dora'] = (await gateway.caller(dora).users.create({})).asleepUserId;
    const { cursor } = await catchUp(adam, undefined, 500);
    await night('dora');
    await night('alice');
    await gateway.caller(dora).users.delete({});
    const { seen } = await catchUp(adam, cursor, 10);
    expect(seen.map((c) => [c.type, c.userId])).toEqual([
      ['session.completed', 'alice'],
      ['user.deleted', 'dora'],
    ]);
    expect(seen[1]).toMatchObject({ subjectId: 'dora', data: {} });
    expect(JSON.stringify(seen[1])).not.toContain(asleepIds['dora']);
  });

  it('streams changes live with their cursor as event id, and resumes after the last one on reconnect', async () => {
    const { cursor } = await catchUp(adam, undefined, 500);
    const first = [await night('alice'), await night('bob')];
    const controller = new AbortController();
    const got: { id: string; change: Change }[] = [];
    const stream = await gateway.caller(adam, undefined, controller.signal).sync.live({ cursor });
    for await (const event of stream) {
      const [id, change] = event as unknown as [string, Change];
      got.push({ id, change });
      if (got.length === 2) break;
    }
    controller.abort();
    expect(got.map((e) => e.change)).toEqual(first);
    expect(got.map((e) => e.id)).toEqual(first.map((c) => c!.cursor));

    const later = [await night('carol'), await night('alice')];
    const resumed = await gateway.caller(adam).sync.live({ cursor, lastEventId: got[1].id });
    const more: Change[] = [];
    for await (const event of resumed) {
      more.push((event as unknown as [string, Change])[1]);
      if (more.length === 2) break;
    }
    expect(more).toEqual(later);
  });

  it('ends a live stream whose cursor the feed no longer knows with PRECONDITION_FAILED', async () => {
    const stream = await gateway.caller(adam).sync.live({ cursor: 'e42.1' });
    const error = await (async () => {
      for await (const _ of stream) void _;
    })().catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe('PRECONDITION_FAILED');
    expect((error as TRPCError).message).toMatch(/resync/i);
  });
});
