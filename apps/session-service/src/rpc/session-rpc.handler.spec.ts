import { AsleepUnavailableError } from '@sleep/asleep-client';
import { sampleGetSessionSeoul } from '@sleep/contracts/testing';
import { createSessionRouter } from '@sleep/session-rpc';
import { TRPCError } from '@trpc/server';
import type { AsleepClients } from '../asleep/tenant-asleep-clients';
import { MissingTenantKeyError } from '../asleep/tenant-asleep-clients';
import { finalDelivery, sampleNightAt } from '../testing/nights';
import { sampleSleepData, sampleUserId } from '../testing/samples';
import { openStore, outboxRows, type StoreFixture } from '../testing/store-fixture';
import { SessionRpcHandler } from './session-rpc.handler';

const userId = `${sampleUserId}-rpc`;
const tenantId = 'acme';

/** Asleep's delete-session, recorded; `fail` makes it answer like an unreachable upstream. */
const upstream = { calls: [] as string[][], fail: false };
const clients = {
  for(tenant: string) {
    if (tenant !== tenantId) throw new MissingTenantKeyError(tenant);
    return {
      async deleteSession(user: string, session: string) {
        upstream.calls.push([user, session]);
        if (upstream.fail)
          throw new AsleepUnavailableError({
            operation: 'deleteSession',
            reason: 'server_error',
            status: 503,
          });
        return { alreadyDeleted: false };
      },
    };
  },
} as unknown as AsleepClients;

// Around midnight in Seoul (UTC+9): 2025-03-09 23:59:59, 03-10 00:00:00, 03-10 23:59:59, 03-11 00:00:00 KST.
const BOUNDARY_STARTS = [
  '2025-03-09T14:59:59Z',
  '2025-03-09T15:00:00Z',
  '2025-03-10T14:59:59Z',
  '2025-03-10T15:00:00Z',
];
const ids = BOUNDARY_STARTS.map((start, i) => `${start.replace(/\D/g, '').slice(0, 14)}_b${i}xyz`);

describe('session RPC (createCaller over the store)', () => {
  let store: StoreFixture;
  let rpc: ReturnType<ReturnType<typeof createSessionRouter>['createCaller']>;

  beforeAll(async () => {
    store = await openStore('postgres');
    const service = new SessionRpcHandler(store.database, clients, store.deleter);
    rpc = createSessionRouter({ service }).createCaller({ caller: 'spec' });
    await store.writer.apply([
      finalDelivery(sampleSleepData(), userId),
      ...BOUNDARY_STARTS.map((start, i) => finalDelivery(sampleNightAt(start, ids[i]), userId)),
      // Same start as the first: the session id breaks the tie.
      finalDelivery(sampleNightAt(BOUNDARY_STARTS[0], `${ids[0]}2`), userId),
    ]);
  }, 30_000);

  afterAll(() => store?.close());

  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'OK',
      (error: TRPCError) => error.code,
    );

  describe('getSession', () => {
    it('renders the night like Get Session in the zone asked for (Asleep contract 9.3)', async () => {
      const night = await rpc.getSession({
        tenantId,
        asleepUserId: userId,
        sessionId: sampleSleepData().session.id,
        timezone: 'Asia/Seoul',
      });
      expect(night).toEqual(sampleGetSessionSeoul.result);
    });

    it('defaults to UTC', async () => {
      expect(
        await rpc.getSession({
          tenantId,
          asleepUserId: userId,
          sessionId: sampleSleepData().session.id,
        }),
      ).toEqual(sampleSleepData());
    });

    it('renders in UTC, byte for byte, the night its completed event announced', async () => {
      // The gateway answers the read that follows a live event with the event's night.
      const completed = (await outboxRows(store.database))
        .map((row) => JSON.parse(row.value) as { type: string; payload: Record<string, unknown> })
        .filter((event) => event.type === 'sleep.session.completed');
      expect(completed).toHaveLength(BOUNDARY_STARTS.length + 2);
      for (const { payload } of completed) {
        const read = await rpc.getSession({
          tenantId,
          asleepUserId: userId,
          sessionId: payload['sessionId'] as string,
          timezone: 'UTC',
        });
        expect(JSON.stringify(read)).toBe(JSON.stringify(payload['sleepData']));
      }
    });

    it('is NOT_FOUND for an unknown user or session, and for another tenant\u2019s', async () => {
      const sessionId = sampleSleepData().session.id;
      await expect(
        rpc.getSession({ tenantId, asleepUserId: 'G-nobody', sessionId }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'user does not exist' });
      await expect(
        rpc.getSession({ tenantId, asleepUserId: userId, sessionId: 'nope' }),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'session does not exist',
      });
      expect(
        await codeOf(rpc.getSession({ tenantId: 'globex', asleepUserId: userId, sessionId })),
      ).toBe('NOT_FOUND');
    });

    it('refuses a zone that is not IANA', async () => {
      expect(
        await codeOf(
          rpc.getSession({ tenantId, asleepUserId: userId, sessionId: 'x', timezone: '+09:00' }),
        ),
      ).toBe('BAD_REQUEST');
    });
  });

  describe('listSessions', () => {
    const list = (input: Record<string, unknown>) =>
      rpc
        .listSessions({ tenantId, asleepUserId: userId, ...input })
        .then((r) => r.sleep_session_list.map((s) => s.session_id));

    it('filters on the start date as seen in the zone, at day boundaries (Asleep contract S2, 7.3)', async () => {
      const sample = sampleSleepData().session.id; // 2025-03-10T14:00:00Z, 23:00 in Seoul
      expect(
        await list({
          timezone: 'Asia/Seoul',
          date_gte: '2025-03-10',
          date_lte: '2025-03-10',
          order_by: 'ASC',
        }),
      ).toEqual([ids[1], sample, ids[2]]);
      expect(
        await list({
          timezone: 'UTC',
          date_gte: '2025-03-10',
          date_lte: '2025-03-10',
          order_by: 'ASC',
        }),
      ).toEqual([sample, ids[2], ids[3]]);
      expect(
        await list({ timezone: 'Asia/Seoul', date_lte: '2025-03-09', order_by: 'ASC' }),
      ).toEqual([ids[0], `${ids[0]}2`]);
    });

    it('renders items in the zone, Asleep\u2019s list item shape', async () => {
      const result = await rpc.listSessions({
        tenantId,
        asleepUserId: userId,
        timezone: 'Asia/Seoul',
        date_gte: '2025-03-11',
      });
      expect(result.timezone).toBe('Asia/Seoul');
      expect(result.sleep_session_list).toEqual([
        {
          session_id: ids[3],
          state: 'COMPLETE',
          session_start_time: '2025-03-11T00:00:00+09:00',
          session_end_time: '2025-03-11T02:01:00+09:00',
          created_timezone: 'Asia/Seoul',
          unexpected_end_time: null,
          last_received_seq_num: 241,
          time_in_bed: 7260,
        },
      ]);
    });

    it('orders by start (DESC by default), ties by id, and pages with offset and limit', async () => {
      const ascending = [
        ids[0],
        `${ids[0]}2`,
        ids[1],
        sampleSleepData().session.id,
        ids[2],
        ids[3],
      ];
      expect(await list({ order_by: 'ASC' })).toEqual(ascending);
      expect(await list({})).toEqual([...ascending].reverse());
      expect(await list({ order_by: 'ASC', offset: 2, limit: 3 })).toEqual(ascending.slice(2, 5));
      expect(await list({ order_by: 'ASC', offset: 5, limit: 3 })).toEqual(ascending.slice(5));
      expect(await list({ offset: 6 })).toEqual([]);
      expect(await list({ limit: 0 })).toEqual([]);
    });

    it('takes Asleep\u2019s bounds: limit at most 100, dates in order', async () => {
      expect(await codeOf(list({ limit: 101 }))).toBe('BAD_REQUEST');
      expect(await codeOf(list({ date_gte: '2025-03-11', date_lte: '2025-03-10' }))).toBe(
        'BAD_REQUEST',
      );
      expect(await codeOf(rpc.listSessions({ tenantId: 'globex', asleepUserId: userId }))).toBe(
        'NOT_FOUND',
      );
    });
  });

  describe('getUser', () => {
    it('tells what the store knows about the user, with the latest night', async () => {
      const user = await rpc.getUser({ tenantId, asleepUserId: userId, timezone: 'Asia/Seoul' });
      expect(user).toMatchObject({
        user_id: userId,
        tenant_id: tenantId,
        metadata: null,
        session_count: 6,
      });
      expect(user.last_session?.session_id).toBe(ids[3]);
      expect(await codeOf(rpc.getUser({ tenantId: 'globex', asleepUserId: userId }))).toBe(
        'NOT_FOUND',
      );
    });
  });

  describe('deleteSession', () => {
    it('leaves everything in place when Asleep cannot delete', async () => {
      upstream.fail = true;
      expect(
        await codeOf(rpc.deleteSession({ tenantId, asleepUserId: userId, sessionId: ids[0] })),
      ).toBe('SERVICE_UNAVAILABLE');
      upstream.fail = false;
      expect(
        (await rpc.getSession({ tenantId, asleepUserId: userId, sessionId: ids[0] })).session.id,
      ).toBe(ids[0]);
    });

    it('deletes upstream, then here, then announces it', async () => {
      upstream.calls = [];
      expect(
        await rpc.deleteSession({ tenantId, asleepUserId: userId, sessionId: ids[0] }),
      ).toEqual({
        deleted: true,
        upstreamAlreadyDeleted: false,
      });
      expect(upstream.calls).toEqual([[userId, ids[0]]]);
      expect(
        await codeOf(rpc.getSession({ tenantId, asleepUserId: userId, sessionId: ids[0] })),
      ).toBe('NOT_FOUND');
      const last = (await outboxRows(store.database)).at(-1)!;
      expect(JSON.parse(last.value)).toMatchObject({
        type: 'sleep.session.deleted',
        key: userId,
        payload: { sessionId: ids[0], reason: 'session-deleted' },
      });
      expect(
        await rpc.deleteSession({ tenantId, asleepUserId: userId, sessionId: ids[0] }),
      ).toEqual({
        deleted: false,
        upstreamAlreadyDeleted: false,
      });
    });

    it('needs the tenant\u2019s Asleep key', async () => {
      expect(
        await codeOf(
          rpc.deleteSession({ tenantId: 'globex', asleepUserId: 'G-elsewhere', sessionId: ids[1] }),
        ),
      ).toBe('PRECONDITION_FAILED');
    });
  });

  describe('streamCompleted', () => {
    it('pages through every COMPLETE night by (user, session), as its completed event rendered it', async () => {
      const seen: { userId: string; sessionId: string; version: number }[] = [];
      let after: { asleepUserId: string; sessionId: string } | null = null;
      for (let pages = 0; pages < 100; pages++) {
        const page = await rpc.streamCompleted({ after, limit: 2 });
        seen.push(
          ...page.nights.map(({ asleepUserId, sessionId, version }) => ({
            userId: asleepUserId,
            sessionId,
            version,
          })),
        );
        for (const night of page.nights)
          if (night.asleepUserId === userId) expect(night.sleepData.timezone).toBe('UTC');
        if (!page.next) break;
        after = page.next;
      }
      const ours = seen.filter((night) => night.userId === userId);
      // Every night still stored (the deletion tests above removed one), each once, in order.
      const stored = await rpc.listSessions({
        tenantId,
        asleepUserId: userId,
        limit: 100,
        order_by: 'ASC',
      });
      expect(ours.map((night) => night.sessionId)).toEqual(
        stored.sleep_session_list.map((item) => item.session_id).sort(),
      );
      const keys = seen.map((night) => `${night.userId} ${night.sessionId}`);
      expect(keys).toEqual([...keys].sort());
      expect(new Set(keys).size).toBe(keys.length);
    });
  });
});
