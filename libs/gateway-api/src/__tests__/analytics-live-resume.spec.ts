import { startAsleepSim, type AsleepSim } from '@sleep/asleep-sim';
import type { Change } from '@sleep/contracts';
import type { TRPCError } from '@trpc/server';
import type { Principal, Role } from '../auth/principal';
import type { ChangeToAppend } from '../ports/change-ledger.port';
import { createTestGateway, type GatewayCaller, type TestGateway } from '../testing';

const KEY = 'sk-analytics-live-0123456789';
const as = (appUserId: string, role: Role): Principal => ({ tenantId: 'acme', appUserId, role });
const alice = as('alice', 'member');

type Event = { id: string; data: Record<string, unknown> };

/** Reads `count` events of a live stream, then leaves it. */
async function take(stream: AsyncIterable<unknown>, count: number): Promise<Event[]> {
  const got: Event[] = [];
  for await (const event of stream) {
    const [id, data] = event as [string, Record<string, unknown>];
    got.push({ id, data });
    if (got.length === count) break;
  }
  return got;
}

async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

type Input = { appUserId?: string; cursor?: string; lastEventId?: string };

/** The two streams, each with the change it streams and what it makes of it. */
const streams = [
  {
    name: 'analytics.live.reports',
    open: (caller: GatewayCaller, input: Input) => caller.analytics.live.reports(input),
    change: (n: number) => ({
      type: 'report.created' as const,
      subjectId: `alice:week:2026-W${n}`,
      data: { kind: 'week' as const, periodKey: `2026-W${n}` },
      body: { periodKey: `2026-W${n}`, averageScore: 70 + n },
    }),
    event: (change: Change, body: object) => ({
      reportId: change.subjectId,
      kind: 'week',
      periodKey: change.data.periodKey,
      report: body,
      occurredAt: change.occurredAt,
    }),
  },
  {
    name: 'analytics.live.insights',
    open: (caller: GatewayCaller, input: Input) => caller.analytics.live.insights(input),
    change: (n: number) => ({
      type: 'insight.created' as const,
      subjectId: `short-sleep:alice:${n}`,
      data: { rule: 'short-sleep', severity: 'warning' as const },
      body: { rule: 'short-sleep', nights: n },
    }),
    event: (change: Change, body: object) => ({
      insightId: change.subjectId,
      rule: 'short-sleep',
      severity: 'warning',
      insight: body,
      occurredAt: change.occurredAt,
    }),
  },
];

describe.each(streams)('$name resumes from change-feed cursors', (stream) => {
  let sim: AsleepSim;
  let gateway: TestGateway;
  const asleepIds: Record<string, string> = {};
  let appended = 0;

  beforeAll(async () => {
    sim = await startAsleepSim({ apiKeys: [KEY], seed: 11 });
    gateway = createTestGateway(sim.url);
    await gateway.tenants.create({
      id: 'acme',
      name: 'Acme',
      defaultTimezone: 'UTC',
      asleepApiKey: KEY,
    });
    await gateway.tenants.create({
      id: 'globex',
      name: 'Globex',
      defaultTimezone: 'UTC',
      asleepApiKey: KEY,
    });
    for (const name of ['alice', 'bob'])
      asleepIds[name] = (await gateway.caller(as(name, 'member')).users.create({})).asleepUserId;
    const galice: Principal = { tenantId: 'globex', appUserId: 'alice', role: 'member' };
    asleepIds['galice'] = (await gateway.caller(galice).users.create({})).asleepUserId;
  }, 30_000);
  afterAll(async () => {
    await gateway?.close();
    await sim?.stop();
  });

  const append = async (
    user: string,
    change: Omit<ChangeToAppend, 'tenantId' | 'asleepUserId' | 'dedupeKey' | 'occurredAt'>,
    tenantId = 'acme',
  ) => {
    const done = await gateway.changes.append({
      ...change,
      tenantId,
      asleepUserId: asleepIds[user],
      occurredAt: new Date().toISOString(),
      dedupeKey: `change-${++appended}`,
    });
    if (!done) throw new Error('not appended');
    return done;
  };
  /** The next change this stream of alice streams: [the change, the event expected for it]. */
  const next = async () => {
    const change = stream.change(++appended);
    const done = await append('alice', change);
    return { id: done.cursor, data: stream.event(done, change.body) };
  };
  /** What alice's stream must not carry: bob's change of its kind, alice's other changes. */
  const noise = async () => {
    await append('bob', stream.change(++appended));
    await append('galice', stream.change(++appended), 'globex');
    for (const other of streams.filter((s) => s !== stream))
      await append('alice', other.change(++appended));
    await append('alice', {
      type: 'session.progressed',
      subjectId: 'night-1',
      data: { version: ++appended, state: 'OPEN', analysedEpochs: 10 },
    });
  };

  it('gives a client that reconnects with its last event id exactly the events it missed, in order, with their bodies', async () => {
    const before = await next();
    const controller = new AbortController();
    const live = await stream.open(gateway.caller(alice, undefined, controller.signal), {});
    const reading = take(live, 2);
    // Without a cursor the stream starts now: wait until it is open before anything new happens.
    await until(() => gateway.deps.streams.count() === 1);
    const first = [await next()];
    await noise();
    first.push(await next());
    const got = await reading;
    controller.abort();
    expect(got).toEqual(first);
    expect(got.map((e) => e.id)).not.toContain(before.id);

    // Offline: more happens, then the client reconnects with the id of the last event it got.
    const missed = [await next()];
    await noise();
    missed.push(await next());
    const resumed = await stream.open(gateway.caller(alice), { lastEventId: got[1].id });
    expect(await take(resumed, 2)).toEqual(missed);

    // An analyst watching alice gets the same events with the same ids.
    const analyst = gateway.caller(as('ana', 'analyst'));
    const watched = await stream.open(analyst, { appUserId: 'alice', lastEventId: got[1].id });
    expect(await take(watched, 2)).toEqual(missed);
  });

  it('starts after a cursor of sync.changes', async () => {
    const synced = await gateway.caller(alice).sync.changes({});
    if (synced.status !== 'changes') throw new Error('resync');
    await noise();
    const expected = await next();
    const live = await stream.open(gateway.caller(alice), { cursor: synced.cursor });
    expect(await take(live, 1)).toEqual([expected]);
  });

  it('ends with PRECONDITION_FAILED for a cursor the feed does not know: made up, another tenant’s, or swept', async () => {
    const failure = async (input: Input, caller = gateway.caller(alice)) => {
      const error = await take(await stream.open(caller, input), 1).catch((e: unknown) => e);
      return { code: (error as TRPCError).code, message: (error as Error).message };
    };
    const resync = {
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/cursor_unknown.*sync\.changes/),
    };
    expect(await failure({ lastEventId: 'e42.99999' })).toEqual(resync);
    const acmeCursor = (await next()).id;
    const galice: Principal = { tenantId: 'globex', appUserId: 'alice', role: 'member' };
    expect(await failure({ cursor: acmeCursor }, gateway.caller(galice))).toEqual(resync);

    const old = (await next()).id;
    await next();
    gateway.changes.now = () => Date.now() - 60_000;
    await next();
    gateway.changes.now = () => Date.now();
    await gateway.changes.sweep(new Date(Date.now() - 30_000));
    expect(await failure({ lastEventId: old })).toEqual({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('cursor_expired'),
    });
  });

  it('refuses a cursor that is not one, naming the field', async () => {
    const error = await stream
      .open(gateway.caller(alice), { cursor: 'not a cursor' })
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as Error).message).toContain('cursor');
  });
});
