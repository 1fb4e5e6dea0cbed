import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * At most `concurrency` requests in flight and, with `ratePerSecond`, starts spaced evenly.
 * Returns `acquire`, whose result frees the slot.
 */
export function createLimiter(
  concurrency: number,
  ratePerSecond: number | undefined,
  signal: AbortSignal,
) {
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  let nextStartAt = 0;

  // A freed slot passes straight to the next waiter, so no newcomer can overtake it.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else inFlight -= 1;
  };

  return async function acquire(): Promise<() => void> {
    if (inFlight < concurrency) inFlight += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    if (ratePerSecond) {
      const now = performance.now();
      const startAt = Math.max(now, nextStartAt);
      nextStartAt = startAt + 1000 / ratePerSecond;
      if (startAt > now) await delay(startAt - now, undefined, { signal }).catch(() => undefined);
    }
    let released = false;
    return () => {
      if (!released) {
        released = true;
        release();
      }
    };
  };
}
