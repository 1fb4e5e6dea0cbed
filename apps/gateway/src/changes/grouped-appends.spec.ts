import type { ChangeToAppend } from '@sleep/gateway-api';
import { GroupedAppends } from './grouped-appends';

const change = (dedupeKey: string) => ({ dedupeKey }) as unknown as ChangeToAppend;
const keys = (changes: ChangeToAppend[]) => changes.map((c) => c.dedupeKey);

/** An appendAll whose calls finish when the test says so. */
function controlledLedger() {
  const calls: { changes: string[]; finish: (error?: Error) => void }[] = [];
  const appendAll = (changes: ChangeToAppend[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({
        changes: keys(changes),
        finish: (error) => (error ? reject(error) : resolve()),
      });
    });
  const called = async (n: number) => {
    while (calls.length < n) await new Promise((next) => setImmediate(next));
  };
  return { calls, appendAll, called };
}

describe('GroupedAppends', () => {
  it('appends batches handed over together in one call, in the order they came', async () => {
    const ledger = controlledLedger();
    const appends = new GroupedAppends(ledger.appendAll);
    const done = [
      appends.append([change('a1'), change('a2')]),
      appends.append([change('b1')]),
      appends.append([change('c1')]),
    ];
    await ledger.called(1);
    expect(ledger.calls.map((call) => call.changes)).toEqual([['a1', 'a2', 'b1', 'c1']]);
    ledger.calls[0].finish();
    await Promise.all(done);
  });

  it('gathers the batches that arrive during an append into the next one', async () => {
    const ledger = controlledLedger();
    const appends = new GroupedAppends(ledger.appendAll);
    const settled: string[] = [];
    const first = appends.append([change('a1')]).then(() => settled.push('a'));
    await ledger.called(1);
    const later = [
      appends.append([change('a2')]).then(() => settled.push('a2')),
      appends.append([change('b1')]).then(() => settled.push('b')),
    ];
    await new Promise((next) => setImmediate(next));
    expect(ledger.calls).toHaveLength(1);
    expect(settled).toEqual([]);
    ledger.calls[0].finish();
    await first;
    await ledger.called(2);
    expect(ledger.calls[1].changes).toEqual(['a2', 'b1']);
    expect(settled).toEqual(['a']);
    ledger.calls[1].finish();
    await Promise.all(later);
    expect(settled).toEqual(['a', 'a2', 'b']);
  });

  it('fails every batch of a failed append, and appends later ones afresh', async () => {
    const ledger = controlledLedger();
    const appends = new GroupedAppends(ledger.appendAll);
    const failed = [appends.append([change('a1')]), appends.append([change('b1')])];
    await ledger.called(1);
    ledger.calls[0].finish(new Error('database gone'));
    for (const batch of failed) await expect(batch).rejects.toThrow('database gone');
    const retried = appends.append([change('a1')]);
    await ledger.called(2);
    expect(ledger.calls[1].changes).toEqual(['a1']);
    ledger.calls[1].finish();
    await retried;
  });
});
