// Pure analytics throughput: a night's score, a 7-day SRI, a 100-night average, a weekly report.
// Prints per-operation figures; nothing is asserted (the machine may be shared).
import type { NightFact } from '@sleep/contracts';
import {
  buildSleepReport,
  chronotype,
  computeAverageStats,
  evaluateInsights,
  periodOf,
  scoreNight,
  sleepRegularityIndex,
} from '../src/index';
import { factsOf, NightShape } from '../src/test/facts';

const DAY = 86_400_000;
const zone = 'Europe/Berlin';

function hundredNights(): NightFact[] {
  const first = Date.parse('2025-01-01T22:30:00Z');
  const nights: [string, NightShape][] = [];
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let n = 0; n < 100; n++) {
    const jitter = Math.floor(random() * 90) * 60_000;
    nights.push([
      new Date(first + n * DAY + jitter).toISOString(),
      {
        latencyMin: 5 + Math.floor(random() * 40),
        asleepMin: 360 + Math.floor(random() * 150),
        trailingMin: 5,
        pattern: 'llldrrlwlld',
      },
    ]);
  }
  return factsOf(zone, nights);
}

function measure(label: string, iterations: number, run: (i: number) => unknown): void {
  for (let i = 0; i < Math.min(200, iterations); i++) run(i); // warm-up
  const samples: number[] = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    run(i);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  console.log(
    `${label.padEnd(44)} mean ${(totalMs / iterations).toFixed(4)} ms  p50 ${p(0.5).toFixed(4)} ms  p99 ${p(0.99).toFixed(4)} ms  (${iterations} runs)`,
  );
}

const nights = hundredNights();
const mains = nights.filter((f) => f.mainSleep);
console.log(
  `sleep-metrics analytics bench, ${nights.length} nights in ${zone}, node ${process.version}`,
);

measure('score of one night (14-night history)', 20_000, (i) => {
  const index = 20 + (i % 80);
  return scoreNight(nights[index], { history: mains.slice(index - 20, index), ageYears: 35 });
});

measure('SRI of a 7-day window', 5_000, (i) => {
  const week = i % 13;
  const startDate = nights[week * 7 + 1].sleepDay;
  const endDate = nights[week * 7 + 7].sleepDay;
  return sleepRegularityIndex(nights.slice(week * 7, week * 7 + 9), {
    startDate,
    endDate,
    timezone: zone,
  });
});

measure('average stats over 100 nights (A1)', 2_000, () =>
  computeAverageStats(nights, {
    startDate: nights[0].sleepDay,
    endDate: nights[99].sleepDay,
    timezone: zone,
  }),
);

const weekly = (i: number) => {
  const period = periodOf('week', nights[30 + (i % 60)].sleepDay);
  const window = nights.filter(
    (f) => f.sleepDay >= period.startDate && f.sleepDay <= period.endDate,
  );
  const recent = nights.filter((f) => f.sleepDay <= period.endDate).slice(-30);
  const scores = Object.fromEntries(
    window.map((f) => [f.sessionId, scoreNight(f, { history: recent }).score]),
  );
  const sri = sleepRegularityIndex(nights, {
    startDate: period.startDate,
    endDate: period.endDate,
    timezone: zone,
  });
  const insights = evaluateInsights({
    userId: 'u',
    period,
    facts: recent,
    sri: sri.sri,
    chronotype: chronotype(window),
  });
  return buildSleepReport({ userId: 'u', period, timezone: zone, facts: recent, scores, insights });
};
measure('weekly report (scores, SRI, insights, changes)', 2_000, weekly);

const users = 10_000;
const started = process.hrtime.bigint();
for (let i = 0; i < users; i++) weekly(i);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  `${users} users' weekly reports, one after another: ${seconds.toFixed(2)} s (target 60 s)`,
);
