import { OneAtATime } from './one-at-a-time';

describe('OneAtATime', () => {
  it('gives turns one at a time, in the order asked', async () => {
    const turns = new OneAtATime();
    const seen: string[] = [];
    const holder = async (name: string, steps: number) => {
      const release = await turns.take();
      seen.push(`${name} in`);
      for (let i = 0; i < steps; i++) await Promise.resolve();
      seen.push(`${name} out`);
      release();
      release(); // a second release changes nothing
    };
    await Promise.all([holder('a', 5), holder('b', 1), holder('c', 3)]);
    expect(seen).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });

  it('passes the turn on when a holder releases early and goes on running', async () => {
    const turns = new OneAtATime();
    const first = await turns.take();
    let secondIn = false;
    const second = turns.take().then((release) => {
      secondIn = true;
      release();
    });
    await Promise.resolve();
    expect(secondIn).toBe(false);
    first();
    await second;
    expect(secondIn).toBe(true);
  });
});
