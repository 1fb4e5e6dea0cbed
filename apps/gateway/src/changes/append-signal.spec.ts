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

  it('returns when the stream’s signal aborts', async () => {
    await settled('a');
    const controller = new AbortController();
    const waiting = signal.wait('a', controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});
