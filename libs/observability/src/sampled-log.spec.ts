import { SampledLog } from './sampled-log';

describe('SampledLog', () => {
  it('writes a few lines a window, then counts, and says how many it left out', () => {
    let now = 0;
    const log = new SampledLog(3, 1_000, () => now);
    const written: number[] = [];
    for (let i = 0; i < 1_000; i++) log.take((suppressed) => written.push(suppressed));
    expect(written).toEqual([0, 0, 0]);
    now += 1_000;
    log.take((suppressed) => written.push(suppressed));
    expect(written).toEqual([0, 0, 0, 997]);
  });
});
