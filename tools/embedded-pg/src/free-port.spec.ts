import { freePort } from './free-port';

describe('freePort', () => {
  it('never hands out one port twice, though each is free until its process binds it', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 200; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('draws a test worker’s ports from a slice of its own, so parallel workers do not collide', async () => {
    const worker = process.env['JEST_WORKER_ID'];
    try {
      const drawn = async (id: string) => {
        process.env['JEST_WORKER_ID'] = id;
        const ports: number[] = [];
        for (let i = 0; i < 20; i++) ports.push(await freePort());
        return ports;
      };
      const first = await drawn('1');
      const second = await drawn('2');
      expect(Math.max(...first)).toBeLessThan(Math.min(...second));
    } finally {
      if (worker === undefined) delete process.env['JEST_WORKER_ID'];
      else process.env['JEST_WORKER_ID'] = worker;
    }
  });
});
