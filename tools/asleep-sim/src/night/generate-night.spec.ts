import { SleepDataSchema } from '@sleep/contracts';
import { computeNightStats, Stage } from '@sleep/sleep-metrics';
import { renderSleepData } from '../render/render-session';
import { timeOfDayIn } from '../time/zoned-time';
import { generateNight } from './generate-night';
import type { Night } from './night';

const nightsOf = (seed: number, users = 12, days = 20): Night[] =>
  Array.from({ length: users * days }, (_, i) =>
    generateNight({
      seed,
      userId: `user-${i % users}`,
      date: `2025-05-${String(1 + Math.floor(i / users)).padStart(2, '0')}`,
    }),
  );
const statsOf = (night: Night) =>
  computeNightStats({
    stages: night.sleepStages,
    snoring: night.snoringStages,
    startMs: night.startMs,
    endMs: night.endMs,
  });
const complete = (night: Night) =>
  renderSleepData({ night, state: 'COMPLETE', revealedEpochs: night.sleepStages.length }, 'UTC');

describe('generateNight', () => {
  const nights = nightsOf(42);
  const normal = nights.filter(
    (night) =>
      !complete(night).peculiarities.some(
        (p) => p === 'NEVER_SLEPT' || p === 'TOO_SHORT_FOR_ANALYSIS',
      ),
  );

  it('is deterministic: same seed, same nights; another seed, other nights', () => {
    expect(JSON.stringify(nightsOf(42))).toBe(JSON.stringify(nights));
    expect(nightsOf(43).map((night) => night.sessionId)).not.toEqual(
      nights.map((night) => night.sessionId),
    );
  });

  it('mints Asleep-shaped session ids from the UTC start and starts in the local evening', () => {
    for (const night of nights) {
      const stamp = new Date(night.startMs).toISOString().replace(/[-T:]/g, '').slice(0, 14);
      expect(night.sessionId).toMatch(new RegExp(`^${stamp}_[a-z0-9]{5}$`));
      const hour = Number(timeOfDayIn(night.startMs, night.createdTimezone).slice(0, 2));
      expect([20, 21, 22, 23, 0]).toContain(hour);
    }
  });

  it('renders payloads the contract schemas accept, with stats from sleep-metrics', () => {
    for (const night of nights) {
      const data = complete(night);
      expect(SleepDataSchema.parse(data)).toBeTruthy();
      if (data.stat) {
        expect(data.stat.time_in_sleep).toBe(statsOf(night).timeInSleep);
        expect(data.stat.sleep_index).toBeGreaterThanOrEqual(50);
        expect(data.stat.sleep_index).toBeLessThanOrEqual(100);
      }
      expect(data.session.breath_stages).toBeNull();
      expect(data.peculiarities).toContain('NO_BREATHING_STABILITY');
    }
  });

  it('has ~90-minute cycles, deep sleep early and REM late', () => {
    const cycles = normal
      .map((night) => statsOf(night).sleepCycle)
      .filter((cycle): cycle is number => cycle !== null);
    const meanMinutes = cycles.reduce((sum, cycle) => sum + cycle, 0) / cycles.length / 60;
    expect(meanMinutes).toBeGreaterThan(80);
    expect(meanMinutes).toBeLessThan(110);
    let deepEarly = 0;
    let remLate = 0;
    for (const night of normal) {
      const half = Math.floor(night.sleepStages.length / 2);
      const count = (from: number, to: number, stage: number) =>
        night.sleepStages.slice(from, to).filter((s) => s === stage).length;
      if (count(0, half, Stage.Deep) > count(half, Infinity, Stage.Deep)) deepEarly++;
      if (count(half, Infinity, Stage.Rem) > count(0, half, Stage.Rem)) remLate++;
      const stats = statsOf(night);
      expect(stats.sleepLatency).toBeGreaterThan(0);
      expect(stats.wakeupLatency).toBeGreaterThan(0);
      expect(stats.timeInSleep / 3600).toBeGreaterThan(4.5);
    }
    expect(deepEarly / normal.length).toBeGreaterThan(0.9);
    expect(remLate / normal.length).toBeGreaterThan(0.9);
  });

  it('now and then yields a never-slept or a too-short night, as the 7.4 rules render them', () => {
    const neverSlept = complete(
      generateNight({ seed: 1, userId: 'u', date: '2025-01-01', kind: 'never-slept' }),
    );
    expect(neverSlept.peculiarities).toEqual(['NEVER_SLEPT', 'NO_BREATHING_STABILITY']);
    expect(neverSlept.stat).not.toBeNull();
    const tooShort = complete(
      generateNight({ seed: 1, userId: 'u', date: '2025-01-01', kind: 'too-short' }),
    );
    expect(tooShort.peculiarities).toEqual(['TOO_SHORT_FOR_ANALYSIS', 'NO_BREATHING_STABILITY']);
    expect(tooShort.stat).toBeNull();
    const labels = nights.flatMap((night) => complete(night).peculiarities);
    expect(labels).toContain('NEVER_SLEPT');
    expect(labels).toContain('TOO_SHORT_FOR_ANALYSIS');
    expect(normal.length / nights.length).toBeGreaterThan(0.85);
  });

  it('snores in runs, only while asleep', () => {
    const snorers = nights.filter((night) => night.snoringStages.includes(1));
    expect(snorers.length).toBeGreaterThan(0);
    for (const night of snorers) {
      const awakeSnoring = night.snoringStages.filter(
        (flag, i) => flag === 1 && night.sleepStages[i] === Stage.Wake,
      );
      expect(awakeSnoring).toEqual([]);
    }
  });
});
