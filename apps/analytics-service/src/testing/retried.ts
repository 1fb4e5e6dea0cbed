import { setTimeout as sleep } from 'node:timers/promises';

/** Retries `fn` every 500 ms, 20 times at most: leaders of just-created topics may still move. */
export async function retried<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt === 20) throw error;
      await sleep(500);
    }
  }
}
