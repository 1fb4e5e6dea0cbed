import { KnownPeculiaritySchema, SessionState, STATLESS_PECULIARITIES } from '@sleep/contracts';
import { computeNightStats, NightStats } from '@sleep/sleep-metrics';
import type { Night } from '../night/night';
import { DAY_MS, MINUTE_MS } from '../time/zoned-time';

/** A night as the platform currently shows it: its state and how much of it has been analysed. */
export interface SessionSnapshot {
  readonly night: Night;
  readonly state: SessionState;
  /** Epochs uploaded and analysed in real time so far (Asleep contract 6: OPEN has only these). */
  readonly revealedEpochs: number;
}

const statsCache = new WeakMap<Night, NightStats>();

/** Every stat number comes from sleep-metrics; a night never changes, so once is enough. */
export function nightStatsOf(night: Night): NightStats {
  let stats = statsCache.get(night);
  if (!stats) {
    stats = computeNightStats({
      stages: night.sleepStages,
      snoring: night.snoringStages,
      startMs: night.startMs,
      endMs: night.endMs,
    });
    statsCache.set(night, stats);
  }
  return stats;
}

const TOO_SHORT_MS = 20 * MINUTE_MS;
const LABEL_ORDER: readonly string[] = KnownPeculiaritySchema.options;
const rank = (label: string) => {
  const index = LABEL_ORDER.indexOf(label);
  return index < 0 ? LABEL_ORDER.length : index;
};

/** Asleep contract 7.4, in the order the contract lists the labels. */
export function peculiaritiesOf({ night, state }: SessionSnapshot): string[] {
  const labels = new Set(night.extraPeculiarities);
  const durationMs = night.endMs - night.startMs;
  if (state !== 'COMPLETE') labels.add('IN_PROGRESS');
  else if (durationMs < TOO_SHORT_MS) labels.add('TOO_SHORT_FOR_ANALYSIS');
  else if (nightStatsOf(night).neverSlept) labels.add('NEVER_SLEPT');
  if (state === 'COMPLETE' && durationMs > DAY_MS) labels.add('TOO_LONG_FOR_ANALYSIS');
  if (night.breathStages === null) labels.add('NO_BREATHING_STABILITY');
  return [...labels].sort((a, b) => rank(a) - rank(b));
}

export const hasStat = (peculiarities: readonly string[]): boolean =>
  !peculiarities.some((label) => (STATLESS_PECULIARITIES as readonly string[]).includes(label));

/** Stage arrays as far as analysed: partial while OPEN or CLOSED, whole once COMPLETE. */
export function visibleEpochs(snapshot: SessionSnapshot): number {
  const total = snapshot.night.sleepStages.length;
  return snapshot.state === 'COMPLETE' ? total : Math.min(total, snapshot.revealedEpochs);
}
