import { TimeSlice } from './time-slice';

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('TimeSlice', () => {
  it('lets other callbacks run once its budget is spent, and not before', async () => {
    const slice = new TimeSlice(5);
    let ran = 0;
    setImmediate(() => (ran += 1));
    await slice.next();
    expect(ran).toBe(0);
    busy(6);
    await slice.next();
    expect(ran).toBe(1);
    expect(slice.turns).toBe(1);
    // The budget starts again after each turn.
    setImmediate(() => (ran += 1));
    await slice.next();
    expect(ran).toBe(1);
  });
});
