import { GroupedBatches } from './grouped-batches';

const change = (key: string) => key;

/** A writeAll whose calls finish when the test says so; each item's result is its upper case. */
function controlledLedger() {
  const calls: { changes: string[]; finish: (error?: Error) => void }[] = [];
  const appendAll = (changes: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({
        changes,
        finish: (error) => (error ? reject(error) : resolve(changes.map((c) => c.toUpperCase()))),
      });
    });
  const called = async (n: number) => {
    while (calls.length < n) await new Promise((next) => setImmediate(next));
  };
  return { calls, appendAll, called };
}

describe('GroupedBatches', () => {
  it('appends batches handed over together in one call, in the order they came', async () => {
    const ledger = controlledLedger();
    const appends = new GroupedBatches(ledger.appendAll);
    const done = [
      appends.write([change('a1'), change('a2')]),
      appends.write([change('b1')]),
      appends.write([change('c1')]),
    ];
    await ledger.called(1);
    expect(ledger.calls.map((call) => call.changes)).toEqual([['a1', 'a2', 'b1', 'c1']]);
    ledger.calls[0].finish();
    expect(await Promise.all(done)).toEqual([['A1', 'A2'], ['B1'], ['C1']]);
  });

  it('gathers the batches that arrive during an append into the next one', async () => {
    const ledger = controlledLedger();
    const appends = new GroupedBatches(ledger.appendAll);
    const settled: string[] = [];
    const first = appends.write([change('a1')]).then(() => settled.push('a'));
    await ledger.called(1);
    const later = [
      appends.write([change('a2')]).then(() => settled.push('a2')),
      appends.write([change('b1')]).then(() => settled.push('b')),
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
    const appends = new GroupedBatches(ledger.appendAll);
    const failed = [appends.write([change('a1')]), appends.write([change('b1')])];
    await ledger.called(1);
    ledger.calls[0].finish(new Error('database gone'));
    for (const batch of failed) await expect(batch).rejects.toThrow('database gone');
    const retried = appends.write([change('a1')]);
    await ledger.called(2);
    expect(ledger.calls[1].changes).toEqual(['a1']);
    ledger.calls[1].finish();
    await retried;
  });

  it('joins batches only up to maxItems, oldest first, and lets a larger batch go alone', async () => {
    const ledger = controlledLedger();
    const appends = new GroupedBatches(ledger.appendAll, { maxItems: 3 });
    const done = [
      appends.write([change('a1'), change('a2')]),
      appends.write([change('b1')]),
      appends.write([change('c1'), change('c2'), change('c3'), change('c4')]),
      appends.write([change('d1')]),
    ];
    await ledger.called(1);
    expect(ledger.calls[0].changes).toEqual(['a1', 'a2', 'b1']);
    ledger.calls[0].finish();
    await ledger.called(2);
    expect(ledger.calls[1].changes).toEqual(['c1', 'c2', 'c3', 'c4']);
    ledger.calls[1].finish();
    await ledger.called(3);
    expect(ledger.calls[2].changes).toEqual(['d1']);
    ledger.calls[2].finish();
    expect(await Promise.all(done)).toEqual([
      ['A1', 'A2'],
      ['B1'],
      ['C1', 'C2', 'C3', 'C4'],
      ['D1'],
    ]);
  });
});
