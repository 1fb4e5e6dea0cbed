import { parseAsleepWebhook } from '@sleep/contracts';
import {
  sampleInferenceComplete,
  sampleInferenceCompleteV2,
  sampleSessionComplete,
  sampleSessionCompleteV2,
} from '@sleep/contracts/testing';
import { generateNight } from '../night/generate-night';
import { nightFromSleepData } from '../night/from-spec';
import { nightDeliveries } from './deliveries';
import { planSends } from './injection';
import { mulberry32 } from '../random/prng';

describe('nightDeliveries', () => {
  const sample = nightFromSleepData(sampleSessionComplete.data);
  const v3 = nightDeliveries(sample, { apiKey: 'k' });

  it('reproduces the contract samples 9.1 and 9.2, in V3 and V2', () => {
    expect(v3).toHaveLength(26);
    expect(v3[12].body).toEqual(sampleInferenceComplete);
    expect(v3.at(-1)?.body).toEqual(sampleSessionComplete);
    const v2 = nightDeliveries(sample, { apiKey: 'k', version: 'V2' });
    expect(v2[12].body).toEqual(sampleInferenceCompleteV2);
    expect(v2.at(-1)?.body).toEqual(sampleSessionCompleteV2);
    const parsed = [...v3, ...v2].map((delivery) => parseAsleepWebhook(delivery.body).success);
    expect(parsed.every(Boolean)).toBe(true);
  });

  it('sends the final partial window too, numbered by its last epoch', () => {
    const last = v3[24].body as {
      data: { seq_num: number; inference_seq_num: number; sleep_stages: number[] };
    };
    expect(last.data).toMatchObject({ seq_num: 241, inference_seq_num: 24, sleep_stages: [0, 0] });
    expect(v3[24].key).toBe('20250310140000_k3m9x:INFERENCE_COMPLETE:24');
    expect(v3[25].key).toBe('20250310140000_k3m9x:SESSION_COMPLETE');
  });

  it('windows reassemble into the final arrays, sent in time order', () => {
    const night = generateNight({ seed: 9, userId: 'G-x', date: '2025-06-01', kind: 'normal' });
    const deliveries = nightDeliveries(night, { apiKey: 'k' });
    const stages: number[] = [];
    const snoring: number[] = [];
    for (const { event, body } of deliveries) {
      if (event !== 'INFERENCE_COMPLETE') continue;
      const data = (
        body as { data: { seq_num: number; sleep_stages: number[]; snoring_stages: number[] } }
      ).data;
      expect(data.seq_num).toBe(stages.length + data.sleep_stages.length - 1);
      stages.push(...data.sleep_stages);
      snoring.push(...data.snoring_stages);
    }
    expect(stages).toEqual(night.sleepStages);
    expect(snoring).toEqual(night.snoringStages);
    const offsets = deliveries.map((delivery) => delivery.offsetMs);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(offsets.at(-1)).toBe(night.completeMs - night.startMs);
    expect(deliveries[0].headers).toEqual({
      'x-api-key': 'k',
      'x-user-id': 'G-x',
      'content-type': 'application/json',
    });
  });
});

describe('planSends', () => {
  const deliveries = nightDeliveries(nightFromSleepData(sampleSessionComplete.data), {
    apiKey: 'k',
  });

  it('duplicates, drops and reorders deterministically over the original time slots', () => {
    const options = {
      duplicates: 0.3,
      reorder: 'window' as const,
      dropSessionComplete: () => true,
    };
    const plan = planSends(deliveries, options, mulberry32(1));
    expect(planSends(deliveries, options, mulberry32(1))).toEqual(plan);
    expect(plan.dropped.map((delivery) => delivery.event)).toEqual(['SESSION_COMPLETE']);
    const originals = plan.sends.filter((send) => !send.duplicate);
    expect(originals.map((send) => send.delivery.key).sort()).toEqual(
      deliveries
        .slice(0, -1)
        .map((d) => d.key)
        .sort(),
    );
    expect(originals.map((send) => send.atOffsetMs)).toEqual(
      deliveries.slice(0, -1).map((d) => d.offsetMs),
    );
    expect(originals.map((send) => send.delivery.key)).not.toEqual(
      deliveries.slice(0, -1).map((d) => d.key),
    );
    expect(plan.sends.filter((send) => send.duplicate).length).toBeGreaterThan(0);
  });
});
