import { ChangeLedgerClosedError } from '@sleep/gateway-api';
import { AppendSignal } from './append-signal';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AppendSignal', () => {
  let heads: Record<string, number | null>;
  let reads: string[];
  let signal: AppendSignal;
  const never = new AbortController().signal;

  beforeEach(() => {
    heads = { a: 1, b: 1 };
    reads = [];
    signal = new AppendSignal(
      async (tenantId) => {
        reads.push(tenantId);
        return heads[tenantId] ?? null;
      },
      { pollMs: 20, lingerMs: 60 },
    );
  });
  afterEach(() => signal.close());

  /** Waits until `signal` has polled once: a first poll wakes everyone (nothing to compare). */
  async function settled(tenantId: string) {
    await signal.wait(tenantId, never);
  }

  it('wakes the waiters of a tenant at once on a local append, and no other tenant’s', async () => {
    await settled('a');
    let woke = '';
    const a = signal.wait('a', never).then(() => (woke += 'a'));
    // Released (rejected) by close() after the test.
    void signal
      .wait('b', never)
      .then(() => (woke += 'b'))
      .catch(() => undefined);
    signal.notify('a');
    await a;
    expect(woke).toBe('a');
  });

  it('looks for other replicas’ appends with one read per interval per tenant, however many wait', async () => {
    await settled('a');
    reads = [];
    const waiting = Array.from({ length: 50 }, () => signal.wait('a', never));
    await sleep(110);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.length).toBeLessThanOrEqual(8);
    heads['a'] = 2;
    await Promise.all(waiting);
  });

  it('stops watching a tenant some time after its last waiter left', async () => {
    await settled('a');
    expect(signal.watched()).toBe(1);
    await sleep(200);
    expect(signal.watched()).toBe(0);
  });

  it('releases every waiter on close, so open streams end', async () => {
    await settled('a');
    const waiting = signal.wait('a', never);
    signal.close();
    await expect(waiting).rejects.toBeInstanceOf(ChangeLedgerClosedError);
    await expect(signal.wait('b', never)).rejects.toBeInstanceOf(ChangeLedgerClosedError);
  });

  it('wakes a stream at once for an append made while it was reading, without waiting for a poll', async () => {
    const slow = new AppendSignal(async () => 1, { pollMs: 3_600_000 });
    try {
      const stream = slow.waiter('a');
      // The stream reads the ledger; meanwhile an append commits and notifies.
      slow.notify('a');
      await stream.next(never);
      // Having woken for it, the stream waits for the next append, not again for this one.
      let woke = false;
      const next = stream.next(never).then(() => (woke = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(woke).toBe(false);
      slow.notify('a');
      await next;
    } finally {
      slow.close();
    }
  });

  it('wakes a stream at once for another replica’s append that a poll saw while the stream was reading', async () => {
    jest.useFakeTimers();
    const polled = new AppendSignal(async (tenantId) => heads[tenantId] ?? null, {
      pollMs: 1_000,
      lingerMs: 60_000,
    });
    try {
      const other = polled.waiter('a');
      await Promise.all([other.next(never), jest.advanceTimersByTimeAsync(1_000)]);
      const stream = polled.waiter('a');
      // Another stream keeps the tenant watched; the poll sees another replica's append.
      heads['a'] = 2;
      await Promise.all([other.next(never), jest.advanceTimersByTimeAsync(1_000)]);
      // Later polls find the same head: only the counted wake-up can release this stream.
      let woke = false;
      const waiting = stream.next(never).then(() => (woke = true));
      await jest.advanceTimersByTimeAsync(10_000);
      expect(woke).toBe(true);
      await waiting;
    } finally {
      polled.close();
      jest.useRealTimers();
    }
  });

  describe('a stream of one app user', () => {
    const slowPolls = () => new AppendSignal(async () => 1, { pollMs: 3_600_000 });
    const tick = () => new Promise((resolve) => setImmediate(resolve));

    it('is not woken by an append of other users’ changes, and is by one holding its user’s', async () => {
      const quiet = slowPolls();
      try {
        const stream = quiet.waiter('a', 'u1');
        let woke = false;
        const waiting = stream.next(never).then(() => (woke = true));
        quiet.notify('a', ['u2', 'u3']);
        await tick();
        expect(woke).toBe(false);
        quiet.notify('a', ['u2', 'u1']);
        await waiting;
      } finally {
        quiet.close();
      }
    });

    it('wakes at once for its user’s append made while it was reading, and only once', async () => {
      const quiet = slowPolls();
      try {
        const stream = quiet.waiter('a', 'u1');
        quiet.notify('a', ['u1']);
        await stream.next(never);
        let woke = false;
        const next = stream.next(never).then(() => (woke = true));
        await tick();
        expect(woke).toBe(false);
        quiet.notify('a', ['u1']);
        await next;
      } finally {
        quiet.close();
      }
    });

    it('is woken by an append that does not say whose changes it held, and by a poll', async () => {
      const quiet = slowPolls();
      try {
        const stream = quiet.waiter('a', 'u1');
        const first = stream.next(never);
        quiet.notify('a');
        await first;
      } finally {
        quiet.close();
      }
      await settled('a');
      const stream = signal.waiter('a', 'u1');
      const waiting = stream.next(never);
      heads['a'] = 2;
      await waiting;
    });

    it('leaves a stream of the whole tenant woken by every user’s append', async () => {
      const quiet = slowPolls();
      try {
        const tenant = quiet.waiter('a');
        const waiting = tenant.next(never);
        quiet.notify('a', ['u2']);
        await waiting;
      } finally {
        quiet.close();
      }
    });

    it('wakes, rather than miss an append, when its count went while the tenant was unwatched', async () => {
      await settled('a');
      const stream = signal.waiter('a', 'u1');
      // The stream reads for longer than the tenant stays watched without a waiter.
      await sleep(200);
      expect(signal.watched()).toBe(0);
      await stream.next(never);
    });
  });

  it('returns when the stream’s signal aborts', async () => {
    await settled('a');
    const controller = new AbortController();
    const waiting = signal.wait('a', controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});
