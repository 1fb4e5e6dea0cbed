import { generateNight, type Night, rngFor, sessionCompleteData } from '@sleep/asleep-sim';
import type { SleepData } from '@sleep/contracts';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `count` nights of distinct users, the same for the same seed (Asleep-shaped ids, contract 1.1). */
export function chaosNights(count: number, seed: number): Night[] {
  return Array.from({ length: count }, (_, index) => {
    const rng = rngFor(seed, 'chaos-user', String(index));
    const tail = Array.from({ length: 20 }, () => ALNUM[Math.floor(rng() * ALNUM.length)]).join('');
    return generateNight({
      userId: `G-20250301093015-${tail}`,
      date: `2025-05-${String(1 + (index % 28)).padStart(2, '0')}`,
      seed: seed + index,
    });
  });
}

/** What the store must hold for a night: Get Session's result in UTC, as SESSION_COMPLETE carries it. */
export function expectedSleepData(night: Night): SleepData {
  const { user_id: _userId, ...data } = sessionCompleteData(night);
  return data as SleepData;
}
