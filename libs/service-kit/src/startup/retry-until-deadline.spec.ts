import { backoffDelayMs, retryUntilDeadline } from './retry-until-deadline';
import { StartupDeadline, StartupDeadlineError } from './startup-deadline';

const fast = { initialMs: 5, maxMs: 20 };

describe('retryUntilDeadline', () => {
  it('backs off exponentially up to the cap', () => {
    expect(
      [1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, { initialMs: 250, maxMs: 2_000 })),
    ).toEqual([250, 500, 1_000, 2_000, 2_000, 2_000]);
  });

  it('returns once an attempt succeeds, telling each retry', async () => {
    let calls = 0;
    const notices: number[] = [];
    const result = await retryUntilDeadline(
      'postgres',
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('connect ECONNREFUSED');
        return 'up';
      },
      {
        deadline: new StartupDeadline(5_000),
        backoff: fast,
        onRetry: (n) => notices.push(n.attempt),
      },
    );
    expect(result).toBe('up');
    expect(notices).toEqual([1, 2]);
  });

  it('past the deadline, fails naming what it waited for and the last reason', async () => {
    const failing = retryUntilDeadline(
      'postgres at 127.0.0.1:1',
      () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')),
      { deadline: new StartupDeadline(100), backoff: fast },
    );
    await expect(failing).rejects.toThrow(StartupDeadlineError);
    await expect(failing).rejects.toThrow(
      'not ready within STARTUP_TIMEOUT_MS (100 ms): still waiting for postgres at 127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1)',
    );
  });

  it('gives up at once on an error no wait can fix', async () => {
    let calls = 0;
    const refused = Object.assign(new Error('password authentication failed'), { code: '28P01' });
    await expect(
      retryUntilDeadline(
        'migrations',
        async () => {
          calls += 1;
          throw refused;
        },
        {
          deadline: new StartupDeadline(5_000),
          backoff: fast,
          isPermanent: (error) => (error as { code?: string }).code === '28P01',
        },
      ),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
  });
});
