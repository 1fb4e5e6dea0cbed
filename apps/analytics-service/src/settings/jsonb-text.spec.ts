import { createHash } from 'node:crypto';
import { type DatabaseHandle, openDatabase } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import { scoreNight, DEFAULT_SCORE_WEIGHTS } from '@sleep/sleep-metrics';
import { factOfRow } from '../facts/fact-row';
import { sleepData } from '../testing/session-events';
import { jsonbMd5, jsonbText } from './jsonb-text';

const VALUES: unknown[] = [
  null,
  true,
  0,
  -12,
  0.5,
  3.25,
  'plain',
  'quote " backslash \\ tab \t newline \n bell \u0007 é 한',
  [],
  {},
  [1, 'a', null, [2, { b: 1 }]],
  { b: 1, a: 2, aa: 3, '': 4, Z: 5, é: 6, nested: { z: [1.5, -0.25], y: false } },
  { skipped: undefined, kept: 1 },
];

describe('jsonbText: the text Postgres prints for a jsonb value (real Postgres)', () => {
  let target: TestDatabase;
  let database: DatabaseHandle;

  beforeAll(async () => {
    target = await createTestDatabase('analytics_jsonb_text');
    database = await openDatabase({ url: target.url, schema: 'public' });
  });

  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  const printed = async (value: unknown) => {
    const [row] = await database.query<{ text: string; md5: string }>(
      `select $1::jsonb::text as text, md5($1::jsonb::text) as md5`,
      [JSON.stringify(value)],
    );
    return row as { text: string; md5: string };
  };

  it.each(VALUES.map((value) => [JSON.stringify(value), value]))('%s', async (_, value) => {
    const { text, md5 } = await printed(value);
    expect(jsonbText(value)).toBe(text);
    expect(jsonbMd5(value)).toBe(md5);
  });

  it('a score detail as stored', async () => {
    const night = sleepData({ start: '2025-03-01T14:00:00Z' });
    const fact = factOfRow({
      session_id: 's',
      user_id: 'u',
      version: 1,
      start_ms: Date.parse(night.session.start_time),
      end_ms: Date.parse(night.session.end_time as string),
      zone: 'Asia/Seoul',
      peculiarities: [],
      stat: night.stat,
      sleep_stages: Buffer.from(night.session.sleep_stages?.map((s) => s + 1) ?? []),
      sleep_day: '2025-03-02',
      is_nap: false,
      is_main_sleep: true,
      score: null,
      score_version: '',
      score_detail: null,
    });
    const {
      score: _score,
      scoreVersion: _version,
      ...detail
    } = scoreNight(fact, {
      history: [],
      weights: DEFAULT_SCORE_WEIGHTS,
      ageYears: 40,
    });
    const { md5 } = await printed(detail);
    expect(jsonbMd5(detail)).toBe(md5);
  });

  it('is unsure of numbers Postgres prints otherwise, so they count as changed', () => {
    expect(jsonbText({ tiny: 1e-7 })).toBeNull();
    expect(jsonbText([1e21])).toBeNull();
    expect(jsonbMd5(new Date(0))).toBeNull();
    expect(createHash('md5').update('null').digest('hex')).toBe(jsonbMd5(null));
  });
});
