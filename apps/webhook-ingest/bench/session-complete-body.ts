// Realistic SESSION_COMPLETE webhooks (Asleep contract 5.5, 9.2) for load: a long night with
// breathing analysis, stats computed from its stages, serialised the way a Python sender does.
import { computeNightStats, EPOCH_MS, toAsleepStat } from '@sleep/sleep-metrics';

export interface BenchWebhook {
  userId: string;
  body: string;
}

/** A deterministic pseudo-random sequence, so every run sends the same bytes. */
function lcg(seed: number) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Sleep cycles of about 90 minutes: light, deep, light, REM, with short awakenings. */
function hypnogram(epochs: number, random: () => number): number[] {
  const stages: number[] = [];
  const push = (stage: number, minutes: number) => {
    for (let i = 0; i < minutes * 2 && stages.length < epochs; i++) stages.push(stage);
  };
  push(0, 10 + random() * 15);
  while (stages.length < epochs - 20) {
    push(1, 15 + random() * 20);
    push(2, 10 + random() * 25);
    push(1, 10 + random() * 10);
    push(3, 10 + random() * 20);
    if (random() < 0.4) push(0, 1 + random() * 4);
  }
  push(0, 60);
  return stages;
}

/** Python's json.dumps separators (", " and ": "), as an HTTP client in Python sends them. */
const pythonJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/,(?=["\d[{n-])/g, ', ')
    .replace(/":/g, '": ');

export function sessionCompleteWebhook(index: number, hours = 16): BenchWebhook {
  const random = lcg(index + 1);
  const epochs = hours * 120;
  const userId = `G-20250301093015-Bench${String(index).padStart(4, '0')}AsDfGh1Qw8`.slice(0, 38);
  const startMs = Date.UTC(2025, 2, 10, 14, 0, 0) + index * 60_000;
  const endMs = startMs + epochs * EPOCH_MS + 12_000;
  const sleepStages = hypnogram(epochs, random);
  const snoringStages = sleepStages.map((stage) => (stage === 2 && random() < 0.15 ? 1 : 0));
  const breathStages = sleepStages.map((stage) => (stage === 0 ? 0 : random() < 0.9 ? 1 : 2));
  const stats = computeNightStats({ stages: sleepStages, snoring: snoringStages, startMs, endMs });
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');
  const data = {
    user_id: userId,
    timezone: 'UTC',
    peculiarities: [],
    missing_data_ratio: 0.0,
    session: {
      id: `20250310${String(140000 + index).slice(-6)}_b${(index % 46656).toString(36).padStart(4, '0')}`,
      state: 'COMPLETE',
      start_time: iso(startMs),
      end_time: iso(endMs),
      unexpected_end_time: null,
      created_timezone: 'Asia/Seoul',
      sleep_stages: sleepStages,
      breath_stages: breathStages,
      snoring_stages: snoringStages,
    },
    stat: toAsleepStat(stats, {
      timezone: 'UTC',
      sleepIndex: 60 + Math.round(random() * 30),
      timeInStableBreath: 20_000,
      timeInUnstableBreath: 1_200,
      stableBreathRatio: 0.94,
      unstableBreathRatio: 0.06,
      breathingIndex: 3.2,
      breathingPattern: 'STABLE',
      unstableBreathCount: 4,
    }),
  };
  return { userId, body: pythonJson({ event: 'SESSION_COMPLETE', version: 'V3', data }) };
}
