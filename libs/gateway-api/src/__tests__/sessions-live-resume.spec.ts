import { startAsleepSim, type AsleepSim } from '@sleep/asleep-sim';
import type { Change } from '@sleep/contracts';
import type { TRPCError } from '@trpc/server';
import type { Principal, Role } from '../auth/principal';
import type { ChangeToAppend } from '../ports/change-ledger.port';
import type { LiveSessionEvent } from '../schemas/live-session-event.schema';
import { createTestGateway, type TestGateway } from '../testing';

const KEY = 'sk-live-resume-0123456789ab';
const as = (appUserId: string, role: Role): Principal => ({ tenantId: 'acme', appUserId, role });
const alice = as('alice', 'member');

/** Reads `count` events of a live stream, then leaves it: [event id, data] each. */
async function take(stream: AsyncIterable<unknown>, count: number) {
  const got: { id: string; data: LiveSessionEvent }[] = [];
  if (count === 0) return got;
  for await (const event of stream) {
    const [id, data] = event as [string, LiveSessionEvent];
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

describe('sessions.live resumes from change-feed cursors', () => {
  let sim: AsleepSim;
  let gateway: TestGateway;
  const asleepIds: Record<string, string> = {};
  let appended = 0;

  beforeAll(async () => {
    sim = await startAsleepSim({ apiKeys: [KEY], seed: 7 });
    gateway = createTestGateway(sim.url);
    await gateway.tenants.create({
      id: 'acme',
      name: 'Acme',
      defaultTimezone: 'UTC',
      asleepApiKey: KEY,
    });
    for (const name of ['alice', 'bob'])
      asleepIds[name] = (await gateway.caller(as(name, 'member')).users.create({})).asleepUserId;
  }, 30_000);
  afterAll(async () => {
    await gateway?.close();
    await sim?.stop();
  });

  const append = async (
    user: string,
    change: Omit<ChangeToAppend, 'tenantId' | 'asleepUserId' | 'dedupeKey' | 'occurredAt'>,
  ) => {
    const done = await gateway.changes.append({
      ...change,
      tenantId: 'acme',
      asleepUserId: asleepIds[user],
      occurredAt: new Date().toISOString(),
      dedupeKey: `change-${++appended}`,
    });
    if (!done) throw new Error('not appended');
    return done;
  };
  const progressed = (user: string, night: string, version: number) =>
    append(user, {
      type: 'session.progressed',
      subjectId: night,
      data: { version, state: 'OPEN', analysedEpochs: version * 10 },
    });
  /** Changes sessions.live of alice must not stream: bob's night, alice's report. */
  const noise = async () => {
    await progressed('bob', 'bob-night', ++appended);
    await append('alice', {
      type: 'report.created',
      subjectId: `report-${appended}`,
      data: { kind: 'week', periodKey: '2026-W49' },
    });
  };
  const expected = (change: Change) => ({
    id: change.cursor,
    data: expect.objectContaining({ sessionId: change.subjectId, version: change.data.version }),
  });

  it('gives a client that reconnects with its last event id exactly the session events it missed, in order', async () => {
    const before = await progressed('alice', 'night-1', 1);
    const controller = new AbortController();
    const live = await gateway.caller(alice, undefined, controller.signal).sessions.live({});
    const reading = take(live, 2);
    // Without a cursor the stream starts now: wait until it is open before anything new happens.
    await until(() => gateway.deps.streams.count() === 1);
    const first = [await progressed('alice', 'night-1', 2)];
    await noise();
    first.push(
      await append('alice', {
        type: 'session.completed',
        subjectId: 'night-1',
        data: { version: 3, state: 'COMPLETE', analysedEpochs: 960 },
      }),
    );
    const got = await reading;
    controller.abort();
    expect(got).toEqual(first.map(expected));
    expect(got.map((e) => e.id)).not.toContain(before.cursor);
    expect(got[1].data).toEqual({
      kind: 'completed',
      sessionId: 'night-1',
      state: 'COMPLETE',
      analysedEpochs: 960,
      version: 3,
      occurredAt: first[1].occurredAt,
    });

    // Offline: more happens, then the client reconnects with the id of the last event it got.
    const missed = [await progressed('alice', 'night-2', 1)];
    await noise();
    missed.push(
      await append('alice', {
        type: 'session.deleted',
        subjectId: 'night-1',
        data: { version: 4 },
      }),
    );
    const resumed = await gateway.caller(alice).sessions.live({ lastEventId: got[1].id });
    const again = await take(resumed, 2);
    expect(again).toEqual(missed.map(expected));
    expect(again[1].data).toMatchObject({ kind: 'deleted', state: null, analysedEpochs: null });
  });

  it('starts after a cursor of sync.changes, and answers PRECONDITION_FAILED to one the feed does not know', async () => {
    const synced = await gateway.caller(alice).sync.changes({});
    if (synced.status !== 'changes') throw new Error('resync');
    const next = await progressed('alice', 'night-3', 1);
    const stream = await gateway.caller(alice).sessions.live({ cursor: synced.cursor });
    expect(await take(stream, 1)).toEqual([expected(next)]);

    const unknown = await gateway.caller(alice).sessions.live({ lastEventId: 'e42.99999' });
    const error = await take(unknown, 1).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe('PRECONDITION_FAILED');
  });
});
