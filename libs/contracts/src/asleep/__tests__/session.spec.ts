import { GetSessionResponseSchema, MAX_SESSION_EPOCHS, SleepDataSchema } from '..';
import { sampleGetSessionSeoul, sampleSleepStages, sampleSnoringStages } from '../fixtures';
import { REMOVE, issuePaths, report, variant } from './helpers';

const data = sampleGetSessionSeoul.result;

/** Run-length encoding: [value, count][]. */
const runs = (values: readonly number[]) =>
  values.reduce<[number, number][]>((acc, v) => {
    const last = acc[acc.length - 1];
    if (last && last[0] === v) last[1]++;
    else acc.push([v, 1]);
    return acc;
  }, []);

it('the sample night matches the layout of Asleep contract 9', () => {
  // prettier-ignore
  expect(runs(sampleSleepStages)).toEqual([
    [0, 26], [1, 36], [2, 30], [1, 10], [0, 4], [1, 16], [3, 30],
    [1, 20], [2, 20], [0, 6], [1, 24], [3, 8], [1, 4], [0, 8],
  ]);
  expect(runs(sampleSnoringStages)).toEqual([
    [0, 67],
    [1, 6],
    [0, 104],
    [1, 2],
    [0, 63],
  ]);
});

it('parses the 9.3 Get-Session sample unchanged', () => {
  const parsed = GetSessionResponseSchema.parse(sampleGetSessionSeoul);
  expect(parsed).toEqual(sampleGetSessionSeoul);
  expect(parsed.result.stat?.sleep_cycle_time).toHaveLength(2);
});

it('reads missing nullable fields as null and keeps unknown labels', () => {
  const { stat: _stat, timezone: _zone, ...rest } = data;
  const { breath_stages: _breath, ...session } = data.session;
  const peculiarities = ['IN_PROGRESS', 'SOMETHING_NEW'];
  const parsed = SleepDataSchema.parse({ ...rest, session, peculiarities });
  expect(parsed.stat).toBeNull();
  expect(parsed.session.breath_stages).toBeNull();
  expect(parsed.timezone).toBe('UTC');
  expect(parsed.peculiarities).toEqual(peculiarities);
  expect(SleepDataSchema.parse({ ...data, peculiarities: null }).peculiarities).toEqual([]);
});

describe('hostile Get-Session results', () => {
  it.each<[string, string, unknown]>([
    ['stage 4', 'session.sleep_stages.10', 4],
    ['stage -2', 'session.sleep_stages.0', -2],
    ['stage 1.5', 'session.sleep_stages.5', 1.5],
    ['stage as string', 'session.sleep_stages.5', '1'],
    ['stage null', 'session.sleep_stages.5', null],
    ['snoring 2', 'session.snoring_stages.7', 2],
    ['NaN ratio', 'missing_data_ratio', Number.NaN],
    ['Infinity in stat', 'stat.time_in_bed', Number.POSITIVE_INFINITY],
    ['unknown state', 'session.state', 'DONE'],
    ['missing id', 'session.id', REMOVE],
    ['empty id', 'session.id', ''],
    ['id with a newline', 'session.id', 'abc\n'],
    ['no offset', 'session.start_time', '2025-03-10T23:00:00'],
    ['impossible date', 'session.end_time', '2025-02-30T01:01:00+09:00'],
    ['stages as a string', 'session.sleep_stages', '0,1,2'],
    ['missing session', 'session', REMOVE],
  ])('rejects %s at its path', (_name, path, value) => {
    expect(issuePaths(SleepDataSchema.safeParse(variant(data, path, value)))).toEqual([path]);
  });

  it('rejects arrays longer than 30 hours of epochs, naming the path', () => {
    const tooLong = new Array(MAX_SESSION_EPOCHS + 1).fill(0);
    const result = SleepDataSchema.safeParse(variant(data, 'session.sleep_stages', tooLong));
    expect(issuePaths(result)).toEqual(['session.sleep_stages']);
    expect(report(result)).toContain('at session.sleep_stages');
  });

  it('accepts a full 24-hour night', () => {
    const night = variant(data, 'session.sleep_stages', new Array(2880).fill(-1));
    expect(SleepDataSchema.safeParse(night).success).toBe(true);
  });
});
