import { AsleepRateLimitedError, AsleepUnavailableError } from '@sleep/asleep-client';
import { PoliteCaller } from './polite-caller';

const rateLimited = () =>
  new AsleepRateLimitedError({
    operation: 'listSessions',
    status: 403,
    detail: 'Rate limit exceeded',
  });

describe('PoliteCaller', () => {
  it('waits longer after each rate limit, and less again after each success', async () => {
    const waits: number[] = [];
    const caller = new PoliteCaller(
      30_000,
      () => false,
      async (ms) => void waits.push(ms),
    );
    let failures = 3;
    const call = async () => {
      if (failures-- > 0) throw rateLimited();
      return 'ok';
    };
    expect(await caller.call(call)).toBe('ok');
    expect(waits).toEqual([250, 500, 1_000]);
    expect(caller.currentGapMs).toBe(500);
    await caller.call(async () => 'again');
    expect(waits.at(-1)).toBe(500);
    expect(caller.currentGapMs).toBe(250);
  });

  it('never waits more than its cap', async () => {
    const waits: number[] = [];
    const caller = new PoliteCaller(
      2_000,
      () => false,
      async (ms) => void waits.push(ms),
    );
    let failures = 6;
    await caller.call(async () => {
      if (failures-- > 0) throw rateLimited();
    });
    expect(Math.max(...waits)).toBe(2_000);
  });

  it('passes any other failure on at once, and gives up on a rate limit once stopping', async () => {
    const caller = new PoliteCaller(
      30_000,
      () => false,
      async () => undefined,
    );
    const down = new AsleepUnavailableError({ operation: 'getSession', reason: 'timeout' });
    await expect(caller.call(() => Promise.reject(down))).rejects.toBe(down);
    const stopping = new PoliteCaller(
      30_000,
      () => true,
      async () => undefined,
    );
    await expect(stopping.call(() => Promise.reject(rateLimited()))).rejects.toMatchObject({
      kind: 'rate_limited',
    });
  });
});
