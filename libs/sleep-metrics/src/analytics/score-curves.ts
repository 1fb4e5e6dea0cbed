/** Piecewise-linear curves of the sleep score (analytics definitions, section 4); their anchors. */

export type Anchors = ReadonlyArray<readonly [x: number, y: number]>;

/** Linear between anchors (x ascending), flat beyond the first and last. */
export function piecewiseLinear(x: number, anchors: Anchors): number {
  if (x <= anchors[0][0]) return anchors[0][1];
  for (let i = 1; i < anchors.length; i++) {
    const [x1, y1] = anchors[i];
    if (x <= x1) {
      const [x0, y0] = anchors[i - 1];
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return anchors[anchors.length - 1][1];
}

const HOUR = 3600;
const MINUTE = 60;

/** Recommended sleep by age (Hirshkowitz et al., Sleep Health 2015). */
export interface SleepNeed {
  readonly band: SleepNeedBand;
  readonly minSeconds: number;
  readonly maxSeconds: number;
}

/**
 * 14-17: 8-10 h, 18-64: 7-9 h, 65+: 7-8 h, unknown: 7-9 h. Under 14 (ours, same paper): 6-13
 * year-olds 9-11 h; younger children are not expected on a sleep-tracking app, so they share it.
 */
export const SLEEP_NEEDS = Object.freeze({
  unknown: { band: 'unknown', minSeconds: 7 * HOUR, maxSeconds: 9 * HOUR },
  '65+': { band: '65+', minSeconds: 7 * HOUR, maxSeconds: 8 * HOUR },
  '18-64': { band: '18-64', minSeconds: 7 * HOUR, maxSeconds: 9 * HOUR },
  '14-17': { band: '14-17', minSeconds: 8 * HOUR, maxSeconds: 10 * HOUR },
  '6-13': { band: '6-13', minSeconds: 9 * HOUR, maxSeconds: 11 * HOUR },
} as const);
export type SleepNeedBand = keyof typeof SLEEP_NEEDS;

export function sleepNeedFor(ageYears: number | null | undefined): SleepNeed {
  if (ageYears === null || ageYears === undefined || !Number.isFinite(ageYears)) {
    return SLEEP_NEEDS.unknown;
  }
  if (ageYears >= 65) return SLEEP_NEEDS['65+'];
  if (ageYears >= 18) return SLEEP_NEEDS['18-64'];
  if (ageYears >= 14) return SLEEP_NEEDS['14-17'];
  return SLEEP_NEEDS['6-13'];
}

/** 100 inside the range; 0 at 4 h below it; 50 at 2 h above it and beyond. */
export function durationAnchors(need: SleepNeed): Anchors {
  return [
    [need.minSeconds - 4 * HOUR, 0],
    [need.minSeconds, 100],
    [need.maxSeconds, 100],
    [need.maxSeconds + 2 * HOUR, 50],
  ];
}

/** Time asleep / time in bed: <= 65 % -> 0, >= 85 % -> 100 (Ohayon et al., Sleep Health 2017). */
export const EFFICIENCY_ANCHORS: Anchors = [
  [0.65, 0],
  [0.85, 100],
];
/** Sleep latency: <= 30 min -> 100 (Ohayon 2017), >= 60 min -> 0. */
export const LATENCY_ANCHORS: Anchors = [
  [30 * MINUTE, 100],
  [60 * MINUTE, 0],
];
/** WASO: <= 20 min -> 100 (Ohayon 2017), >= 60 min -> 0. */
export const WASO_ANCHORS: Anchors = [
  [20 * MINUTE, 100],
  [60 * MINUTE, 0],
];
/** Each awakening longer than 5 min beyond the first costs this much (Ohayon 2017: <= 1 is good). */
export const AWAKENING_PENALTY = 10;
/** An awakening counts when its wake run lasts longer than this. */
export const LONG_AWAKENING_SECONDS = 5 * MINUTE;
/** Mid-sleep distance from the usual: <= 30 min -> 100, >= 2 h -> 0. */
export const TIMING_ANCHORS: Anchors = [
  [30 * MINUTE, 100],
  [2 * HOUR, 0],
];
/** Previous main sleeps the usual mid-sleep is taken from, and how many it needs. */
export const TIMING_HISTORY_MAX = 14;
export const TIMING_HISTORY_MIN = 5;
/** (Deep + REM) share of time asleep: <= 15 % -> 0, >= 40 % -> 100. */
export const RESTORATION_ANCHORS: Anchors = [
  [0.15, 0],
  [0.4, 100],
];
