import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { type SleepData, SleepDataSchema } from '@sleep/contracts';
import { sampleGetSessionSeoul } from '@sleep/contracts/testing';
import { omhSleepDuration, omhSleepEpisode } from '../omh/sleep-data-points';
import { omhDataPointSchema, omhSleepDurationSchema, omhSleepEpisodeSchema } from './omh-schemas';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const durationPoint = ajv.compile(omhDataPointSchema(omhSleepDurationSchema));
const episodePoint = ajv.compile(omhDataPointSchema(omhSleepEpisodeSchema));
const night: SleepData = SleepDataSchema.parse(sampleGetSessionSeoul.result);
const createdAt = '2025-03-12T08:00:00Z';

describe('Open mHealth sleep data points', () => {
  it('writes omh:sleep-duration:2.0 with a header, valid against the schema', () => {
    const point = omhSleepDuration(night, createdAt)!;
    expect(durationPoint(point)).toBe(true);
    expect(point.header.schema_id).toEqual({
      namespace: 'omh',
      name: 'sleep-duration',
      version: '2.0',
    });
    expect(point.body.effective_time_frame.time_interval).toEqual({
      start_date_time: '2025-03-10T23:00:00+09:00',
      end_date_time: '2025-03-11T01:01:00+09:00',
    });
  });

  it('writes omh:sleep-episode:1.1 from onset to final awakening, valid against the schema', () => {
    const point = omhSleepEpisode(night, createdAt, true)!;
    expect(episodePoint(point)).toBe(true);
    expect(point.body.effective_time_frame.time_interval.start_date_time).toBe(
      night.stat!.sleep_time,
    );
    expect(point.body.number_of_awakenings).toBe(night.stat!.waso_count);
    expect(point.body.is_main_sleep).toBe(true);
  });

  it('gives the same night the same ids on every export, and different ones per schema', () => {
    expect(omhSleepDuration(night, createdAt)!.header.id).toBe(
      omhSleepDuration(night, '2026-01-01T00:00:00Z')!.header.id,
    );
    expect(omhSleepDuration(night, createdAt)!.header.id).not.toBe(
      omhSleepEpisode(night, createdAt, undefined)!.header.id,
    );
  });

  it('writes nothing for a night without statistics', () => {
    expect(omhSleepDuration({ ...night, stat: null }, createdAt)).toBeNull();
    expect(omhSleepEpisode({ ...night, stat: null }, createdAt, false)).toBeNull();
  });

  it('the schemas bite: a wrong unit or a missing offset is rejected', () => {
    const point = omhSleepDuration(night, createdAt)!;
    expect(
      durationPoint({ ...point, body: { ...point.body, sleep_duration: { value: 1, unit: 'd' } } }),
    ).toBe(false);
    expect(
      durationPoint({
        ...point,
        header: { ...point.header, creation_date_time: '2025-03-12T08:00:00' },
      }),
    ).toBe(false);
  });
});
