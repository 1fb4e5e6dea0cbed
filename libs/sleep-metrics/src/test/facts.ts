import type { NightFact, NightRecord } from '@sleep/contracts';
import { deriveNightFacts } from '../analytics/night-facts';
import { computeNightStats } from '../lib/night-stats';
import { toAsleepStat } from '../lib/to-asleep-stat';

const EPOCHS_PER_MINUTE = 2;

export interface NightShape {
  /** Wake before sleep onset, minutes. */
  readonly latencyMin?: number;
  /** Sleep (with its pattern), minutes. */
  readonly asleepMin?: number;
  /** Wake after the final awakening, minutes. */
  readonly trailingMin?: number;
  /** Repeated over the sleep block, one character per epoch: l, d, r, w, n. */
  readonly pattern?: string;
}

const CODES: Record<string, number> = { n: -1, w: 0, l: 1, d: 2, r: 3 };

/** Wake, then a sleep block repeating `pattern`, then wake; the block starts and ends asleep. */
export function stagesOf(shape: NightShape = {}): number[] {
  const { latencyMin = 10, asleepMin = 450, trailingMin = 5, pattern = 'lldr' } = shape;
  const block: number[] = [];
  const codes = [...pattern].map((c) => CODES[c]);
  for (let i = 0; i < asleepMin * EPOCHS_PER_MINUTE; i++) block.push(codes[i % codes.length]);
  if (block.length > 0) {
    block[0] = 1;
    block[block.length - 1] = 1;
  }
  return [
    ...new Array<number>(latencyMin * EPOCHS_PER_MINUTE).fill(0),
    ...block,
    ...new Array<number>(trailingMin * EPOCHS_PER_MINUTE).fill(0),
  ];
}

let counter = 0;

export interface RecordOptions {
  readonly start: string;
  readonly stages: number[];
  readonly timezone?: string;
  readonly id?: string;
  readonly userId?: string;
  readonly peculiarities?: string[];
  readonly withoutStat?: boolean;
}

/** A stored night with Asleep's stats computed from its stages, rendered in UTC. */
export function nightRecord(options: RecordOptions): NightRecord {
  const startMs = Date.parse(options.start);
  const endMs = startMs + options.stages.length * 30_000;
  const stats = computeNightStats({ stages: options.stages, startMs, endMs });
  const peculiarities = options.peculiarities ?? (stats.neverSlept ? ['NEVER_SLEPT'] : []);
  return {
    sessionId: options.id ?? `s${++counter}`,
    userId: options.userId ?? 'G-user-1',
    version: 1,
    startTime: new Date(startMs).toISOString(),
    endTime: new Date(endMs).toISOString(),
    completedTime: new Date(endMs + 60_000).toISOString(),
    timezone: options.timezone ?? 'UTC',
    peculiarities,
    stat: options.withoutStat ? null : toAsleepStat(stats, { sleepIndex: 70 }),
    sleepStages: options.stages as NightRecord['sleepStages'],
  };
}

/** Records through the default sleep-day rules. */
export function nightFacts(records: NightRecord[]): NightFact[] {
  return deriveNightFacts(records);
}

/** One fact per night from `(start, shape)` pairs in one zone. */
export function factsOf(
  timezone: string,
  nights: ReadonlyArray<readonly [string, NightShape?]>,
  userId = 'G-user-1',
): NightFact[] {
  return deriveNightFacts(
    nights.map(([start, shape]) =>
      nightRecord({ start, stages: stagesOf(shape), timezone, userId }),
    ),
  );
}
