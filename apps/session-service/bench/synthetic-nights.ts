// Nights for the benchmark: the contract's sample night repeated to eight hours, stats from sleep-metrics.
import { randomBytes } from 'node:crypto';
import type { SleepData } from '@sleep/contracts';
import { sampleSleepStages, sampleSnoringStages } from '@sleep/contracts/testing';
import { computeNightStats, EPOCH_MS, formatInstant, toAsleepStat } from '@sleep/sleep-metrics';
import type { OutgoingMessage } from '@sleep/messaging';
import { webhookBodies, webhookMessage } from '../src/testing/webhook-messages';

const REPEAT = 4;
type Stages = NonNullable<SleepData['session']['sleep_stages']>;
type Snoring = NonNullable<SleepData['session']['snoring_stages']>;
const stages = Array.from({ length: REPEAT }, () => [...sampleSleepStages]).flat() as Stages;
const snoring = Array.from({ length: REPEAT }, () => [...sampleSnoringStages]).flat() as Snoring;

function night(index: number): SleepData {
  const startMs = Date.parse('2025-03-10T14:00:00Z') + index * 60_000;
  const endMs = startMs + stages.length * EPOCH_MS;
  const utc = (ms: number) => formatInstant(ms, 'UTC');
  const stats = computeNightStats({ stages, snoring, startMs, endMs });
  const id = `${utc(startMs).slice(0, 19).replace(/\D/g, '')}_${randomBytes(3).toString('hex').slice(0, 5)}`;
  return {
    timezone: 'UTC',
    peculiarities: ['NO_BREATHING_STABILITY'],
    missing_data_ratio: 0,
    session: {
      id,
      state: 'COMPLETE',
      start_time: utc(startMs),
      end_time: utc(endMs),
      unexpected_end_time: null,
      created_timezone: 'Asia/Seoul',
      sleep_stages: stages,
      breath_stages: null,
      snoring_stages: snoring,
    },
    stat: toAsleepStat(stats, { timezone: 'UTC', sleepIndex: 70 }),
  };
}

/** `nights` nights of as many users (97 windows and a SESSION_COMPLETE each), users interleaved. */
export function benchMessages(nights: number, tenantId = 'bench'): OutgoingMessage[] {
  const perNight = Array.from({ length: nights }, (_, i) => {
    const userId = `G-20250301093015-Bench${randomBytes(8).toString('hex')}`;
    return webhookBodies(userId, night(i)).map(({ eventId, body }) =>
      webhookMessage(tenantId, userId, eventId, body),
    );
  });
  const out: OutgoingMessage[] = [];
  for (let i = 0; i < perNight[0].length; i++)
    for (const list of perNight) if (list[i]) out.push(list[i]);
  return out;
}
