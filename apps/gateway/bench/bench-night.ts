import type { SleepData } from '@sleep/contracts';
import { sampleGetSessionSeoul } from '@sleep/contracts/testing';

/** An eight-hour night (960 epochs): the sample's two hours, repeated, so the JSON has a real night's size. */
export function benchNight(): SleepData {
  const night = structuredClone(sampleGetSessionSeoul.result) as SleepData;
  const stretch = <T>(values: readonly T[] | null) =>
    values ? Array.from({ length: 960 }, (_, i) => values[i % values.length]) : null;
  night.session.sleep_stages = stretch(
    night.session.sleep_stages,
  ) as SleepData['session']['sleep_stages'];
  night.session.snoring_stages = stretch(
    night.session.snoring_stages,
  ) as SleepData['session']['snoring_stages'];
  return night;
}

export const BENCH_TENANT = 'bench';
export const BENCH_USER = 'bench-user';
export const BENCH_ASLEEP_USER = 'G-20250301093015-BenchUser0000000000';
