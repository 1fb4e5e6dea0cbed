import { randomString, Rng } from './random/prng';
import { utcStamp } from './time/zoned-time';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `G-<YYYYMMDDhhmmss>-<20 alphanumerics>`, the observed shape (Asleep contract 1.1). */
export const mintUserId = (rng: Rng, createdMs: number): string =>
  `G-${utcStamp(createdMs)}-${randomString(rng, ALNUM, 20)}`;

/** `<UTC start YYYYMMDDhhmmss>_<5 lowercase alphanumerics>` (Asleep contract 1.1). */
export const mintSessionId = (rng: Rng, startMs: number): string =>
  `${utcStamp(startMs)}_${randomString(rng, LOWER_ALNUM, 5)}`;
