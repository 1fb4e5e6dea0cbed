import type { NightFact, NightRecord } from '@sleep/contracts';
import {
  computeNightStats,
  deriveNightFacts,
  type ScoreContext,
  type ScoreWeights,
  toAsleepStat,
} from '@sleep/sleep-metrics';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A night of 3-11 h of varied stages: wake runs of any length, missing epochs, late bedtimes. */
function record(day: number, next: () => number): NightRecord {
  const length = 360 + Math.floor(next() * 960);
  const onset = Math.floor(next() * 150);
  const stages = Array.from({ length }, (_, i) => {
    if (i < onset) return 0;
    const r = next();
    return r < 0.02 ? -1 : r < 0.12 ? 0 : 1 + Math.floor(next() * 3);
  });
  for (let run = Math.floor(next() * 4); run > 0; run--) {
    const at = onset + Math.floor(next() * (length - onset));
    stages.fill(0, at, Math.min(length, at + Math.floor(next() * 40)));
  }
  const startMs = Date.UTC(2025, 0, 1 + day, 21, Math.floor(next() * 240));
  const endMs = startMs + length * 30_000;
  return {
    sessionId: `s${String(day).padStart(3, '0')}`,
    userId: 'G-20250301093015-Scored',
    version: 1,
    startTime: new Date(startMs).toISOString(),
    endTime: new Date(endMs).toISOString(),
    completedTime: null,
    timezone: day % 9 === 4 ? 'Asia/Seoul' : 'Europe/Berlin',
    peculiarities: [],
    stat: toAsleepStat(computeNightStats({ stages, startMs, endMs }), { sleepIndex: 70 }),
    sleepStages: stages as NightRecord['sleepStages'],
  };
}

export const TENANT_WEIGHTS: ScoreWeights = Object.freeze({
  duration: 20,
  efficiency: 25,
  continuity: 25,
  latency: 5,
  timing: 15,
  restoration: 10,
});

export interface ScoredNightCase {
  fact: NightFact;
  context: ScoreContext;
}

/**
 * One user's `count` nights (all main sleeps), each with the context the service scores it in:
 * its earlier nights as history (timing from the 3rd night on), an age from every band and none,
 * default or tenant weights. Some nights have no stages, some no stat, some no sleep.
 */
export function scoredNights(count: number, seed = 1): ScoredNightCase[] {
  const next = random(seed);
  const facts = deriveNightFacts(Array.from({ length: count }, (_, day) => record(day, next))).map(
    (fact, i): NightFact => {
      const main = { ...fact, mainSleep: true };
      if (i % 17 === 5) return { ...main, sleepStages: null };
      if (i % 23 === 7) return { ...main, stat: null };
      if (i % 29 === 11) return { ...main, peculiarities: ['NEVER_SLEPT'] };
      return main;
    },
  );
  const ages = [null, 8, 15, 30, 70];
  return facts.map((fact, i) => ({
    fact,
    context: {
      history: facts.slice(0, i),
      ageYears: ages[i % ages.length],
      weights: i % 2 === 0 ? undefined : TENANT_WEIGHTS,
    },
  }));
}
