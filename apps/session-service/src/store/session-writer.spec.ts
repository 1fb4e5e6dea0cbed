import fc from 'fast-check';
import type { Delivery } from '../domain/night';
import { renderSleepData } from '../domain/render-session';
import { nightDeliveries } from '../testing/night-deliveries';
import { finalDelivery, sampleNightAt } from '../testing/nights';
import { sampleSleepData, sampleUserId } from '../testing/samples';
import { openStore, outboxRows, type StoreFixture, type StoreKind } from '../testing/store-fixture';
import { SessionQueries } from '../rpc/session.queries';
import { insertOutbox } from './session.repository';

const kinds: StoreKind[] = ['postgres', 'embedded'];

describe.each(kinds)('session store (%s)', (kind) => {
  let store: StoreFixture;
  let queries: SessionQueries;
  let user = 0;
  const nextUser = () => `${sampleUserId}-${kind}-${(user += 1)}`;

  beforeAll(async () => {
    store = await openStore(kind);
    queries = new SessionQueries(store.database);
  }, 30_000);

  afterAll(() => store?.close(), 30_000);

  it('stores a shuffled, duplicated night exactly once, one event per visible change', async () => {
    const userId = nextUser();
    const deliveries = nightDeliveries(sampleSleepData(), { userId });
    const order = fc.sample(
      fc.shuffledSubarray([...deliveries, ...deliveries.slice(0, 9)], {
        minLength: deliveries.length + 9,
      }),
      { seed: 7, numRuns: 1 },
    )[0];
    // Several batches, as the consumer would apply them.
    for (let i = 0; i < order.length; i += 7) await store.writer.apply(order.slice(i, i + 7));

    const night = await queries.night(userId, deliveries[0].sessionId);
    expect(renderSleepData(night!, 'UTC')).toEqual(sampleSleepData());
    const events = (await outboxRows(store.database)).filter((row) => row.key === userId);
    const firstFinal = order.findIndex((d) => d.kind === 'final');
    const windowsBefore = new Set(
      order.slice(0, firstFinal).flatMap((d) => (d.kind === 'window' ? [d.k] : [])),
    );
    expect(events).toHaveLength(windowsBefore.size + 1);
    expect(events.map((row) => row.event_id)).toEqual(
      events.map((_, i) => `${night!.sessionId}@${i + 1}`),
    );
    expect(
      events.filter((row) => JSON.parse(row.value).type === 'sleep.session.completed'),
    ).toHaveLength(1);
  });

  it('changes nothing and emits nothing on a replay of everything', async () => {
    const userId = nextUser();
    const deliveries = nightDeliveries(sampleSleepData(), { userId });
    await store.writer.apply(deliveries);
    const before = (await outboxRows(store.database)).length;
    const results = await store.writer.apply(deliveries);
    expect(new Set(results.map((r) => r.outcome))).toEqual(new Set(['after-complete']));
    expect((await outboxRows(store.database)).length).toBe(before);
  });

  it('remembers the user with the first and last time a webhook about them arrived', async () => {
    const userId = nextUser();
    const [a, b] = nightDeliveries(sampleSleepData(), {
      userId,
      receivedAtMs: Date.parse('2025-03-10T15:00:00Z'),
    });
    await store.writer.apply([b]);
    await store.writer.apply([a]);
    expect(await queries.user(userId)).toMatchObject({
      tenantId: 'acme',
      firstSeenAt: new Date('2025-03-10T15:00:00Z'),
      lastSeenAt: new Date('2025-03-10T15:00:00.001Z'),
    });
  });

  it('refuses a user\u2019s webhook from another tenant', async () => {
    const userId = nextUser();
    const [first, second] = nightDeliveries(sampleSleepData(), { userId });
    await store.writer.apply([first]);
    const [result] = await store.writer.apply([{ ...second, tenantId: 'other' } as Delivery]);
    expect(result.outcome).toBe('tenant-mismatch');
  });

  it('a deleted session stays deleted whatever arrives later, and its deletion is announced once', async () => {
    const userId = nextUser();
    const deliveries = nightDeliveries(sampleSleepData(), { userId });
    await store.writer.apply(deliveries.slice(0, 3));
    const sessionId = deliveries[0].sessionId;
    expect(await store.deleter.deleteSession('acme', userId, sessionId, 'session-deleted')).toEqual(
      { outcome: 'deleted', sessions: 1 },
    );
    expect(await store.deleter.deleteSession('acme', userId, sessionId, 'session-deleted')).toEqual(
      { outcome: 'absent' },
    );
    const late = await store.writer.apply(deliveries);
    expect(new Set(late.map((r) => r.outcome))).toEqual(new Set(['deleted']));
    expect(await queries.night(userId, sessionId)).toBeUndefined();
    const events = (await outboxRows(store.database))
      .filter((row) => row.key === userId)
      .map((row) => JSON.parse(row.value));
    expect(events.map((e) => e.type)).toEqual([
      ...Array(3).fill('sleep.session.progressed'),
      'sleep.session.deleted',
    ]);
    expect(events[3].payload).toEqual({ userId, sessionId, version: 4, reason: 'session-deleted' });
  });

  it('deleting a user removes every night, announces each, and keeps later webhooks out', async () => {
    const userId = nextUser();
    const night1 = nightDeliveries(sampleSleepData(), { userId });
    const other = sampleSleepData();
    const night2 = nightDeliveries(
      { ...other, session: { ...other.session, id: '20250311140000_zzzzz' } },
      { userId },
    );
    await store.writer.apply([...night1, ...night2.slice(0, 2)]);
    expect(await store.deleter.deleteUser('acme', userId)).toEqual({
      outcome: 'deleted',
      sessions: 2,
    });
    expect(await queries.user(userId)).toBeUndefined();
    expect(
      await queries.list(userId, {
        fromMs: null,
        untilMs: null,
        order: 'ASC',
        offset: 0,
        limit: 100,
      }),
    ).toEqual([]);
    const deleted = (await outboxRows(store.database))
      .filter((row) => row.key === userId)
      .map((row) => JSON.parse(row.value))
      .filter((event) => event.type === 'sleep.session.deleted');
    expect(deleted.map((e) => e.payload.reason)).toEqual(['user-deleted', 'user-deleted']);
    expect(new Set((await store.writer.apply(night2)).map((r) => r.outcome))).toEqual(
      new Set(['deleted']),
    );
    expect(await store.deleter.deleteUser('acme', userId)).toEqual({ outcome: 'absent' });
  });

  it('relays its events, each user\u2019s in order, and marks them sent', async () => {
    const userId = nextUser();
    await store.writer.apply(nightDeliveries(sampleSleepData(), { userId }).slice(0, 6));
    const sent: { key: string; eventId: string }[] = [];
    const relay = store.relay({
      publish: async (_topic, messages) =>
        void sent.push(
          ...[messages]
            .flat()
            .map((m) => ({ key: String(m.key), eventId: String(m.headers?.['event-id']) })),
        ),
    });
    while ((await relay.relayOnce(4)) > 0);
    const rows = (await outboxRows(store.database)).filter((row) => row.key === userId);
    expect(rows).toHaveLength(6);
    expect(rows.every((row) => row.published)).toBe(true);
    expect(sent.filter((m) => m.key === userId).map((m) => m.eventId)).toEqual(
      rows.map((row) => row.event_id),
    );
  });
  it('stores every timeline of a batch of nights as sent: null, empty, stages, snoring, breathing', async () => {
    const base = sampleSleepData();
    const variants: [string, Partial<typeof base.session>][] = [
      ['as-sent', {}],
      ['no-snoring-breath', { snoring_stages: null, breath_stages: null }],
      ['no-stages', { sleep_stages: null, snoring_stages: null, breath_stages: null }],
      ['empty', { sleep_stages: [], snoring_stages: [], breath_stages: [] }],
      [
        'breath-extremes',
        {
          breath_stages: base.session.sleep_stages!.map((_, i) =>
            i % 2 ? -(2 ** 31) + 1 : 2 ** 31 - 1,
          ),
        },
      ],
    ];
    const users = variants.map(() => nextUser());
    const deliveries = variants.map(([name, session], i) => {
      const data = {
        ...base,
        session: { ...base.session, ...session, id: `20250310140000_${name}` },
      };
      return nightDeliveries(data, { userId: users[i] }).find((d) => d.kind === 'final')!;
    });
    // Nights without a timeline byte between them first: a batch sends an empty binary parameter.
    const results = [
      ...(await store.writer.apply(deliveries.slice(2, 4))),
      ...(await store.writer.apply([...deliveries.slice(0, 2), ...deliveries.slice(4)])),
    ];
    expect(results.map((r) => r.outcome)).toEqual(variants.map(() => 'changed'));
    for (const [i, delivery] of deliveries.entries()) {
      const night = await queries.night(users[i], delivery.sessionId);
      const session = (delivery as { data: typeof base }).data.session;
      expect([night!.sleepStages, night!.snoringStages, night!.breathStages]).toEqual([
        session.sleep_stages,
        session.snoring_stages,
        session.breath_stages,
      ]);
    }
  });

  it('stores event texts whatever characters they hold, in order', async () => {
    const userId = nextUser();
    const values = [
      '{"a":1}',
      'plain \u001e text with a record separator',
      '{"b":"\u00e9\u{1f634}"}',
    ];
    const entries = values.map((value, i) => ({
      topic: 'sleep.sessions.v1',
      key: userId,
      eventId: `${userId}-${i}`,
      value,
    }));
    await store.database.transaction((tx) => insertOutbox(tx, entries.slice(0, 1)));
    await store.database.transaction((tx) => insertOutbox(tx, entries));
    await store.database.transaction((tx) => insertOutbox(tx, [entries[0], entries[2]]));
    const rows = (await outboxRows(store.database)).filter((row) => row.key === userId);
    expect(rows.map((row) => [row.event_id, row.value])).toEqual(
      [0, 0, 1, 2, 0, 2].map((i) => [entries[i].eventId, values[i]]),
    );
  });

  it('publishes the stored bytes of each event, whether the writer kept them or the relay reads them', async () => {
    const userId = nextUser();
    const deliveries = nightDeliveries(sampleSleepData(), { userId });
    const limit = store.signal.limitChars;
    // The first batch's values are not kept (as if written by another instance): read back.
    store.signal.limitChars = 0;
    try {
      await store.writer.apply(deliveries.slice(0, 6));
    } finally {
      store.signal.limitChars = limit;
    }
    await store.writer.apply(deliveries.slice(6));
    const kept = store.signal.keptValues;
    const sent = new Map<string, string>();
    const relay = store.relay({
      publish: async (_topic, messages) => {
        for (const m of [messages].flat())
          sent.set(String(m.headers?.['event-id']), String(m.value));
      },
    });
    while ((await relay.relayOnce(5)) > 0);
    const rows = (await outboxRows(store.database)).filter((row) => row.key === userId);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(rows.length);
    expect(rows.map((row) => sent.get(row.event_id))).toEqual(rows.map((row) => row.value));
    expect(rows.map((row) => JSON.parse(row.value).eventId)).toEqual(
      rows.map((row) => row.event_id),
    );
  });
});

describe('session store under a backlog (postgres)', () => {
  let store: StoreFixture;

  beforeAll(async () => {
    store = await openStore('postgres');
  }, 30_000);

  afterAll(() => store?.close(), 30_000);

  it('gives the event loop a turn every few milliseconds while it works through a large batch', async () => {
    // 400 completed nights: 190-290 ms of one thread's CPU in one go without the turns (a
    // garbage collection can still take tens of ms). A read served by the same process waits
    // for however long that is.
    const deliveries = Array.from({ length: 400 }, (_, i) =>
      finalDelivery(
        sampleNightAt('2025-03-10T14:00:00Z', `20250310140000_blk${i}`),
        `backlog-${i}`,
      ),
    );
    // CPU time of this thread between turns, not wall time: another process taking the CPU from
    // this one must not count as the event loop being held.
    let longestMs = 0;
    let applying = true;
    const turns = (async () => {
      let last = process.threadCpuUsage();
      while (applying) {
        await new Promise((resolve) => setImmediate(resolve));
        const now = process.threadCpuUsage();
        longestMs = Math.max(longestMs, (now.user - last.user + now.system - last.system) / 1000);
        last = now;
      }
    })();
    const results = await store.writer.apply(deliveries);
    applying = false;
    await turns;
    expect(results.every((result) => result.outcome === 'changed')).toBe(true);
    expect(longestMs).toBeLessThan(100);
  }, 60_000);
});
