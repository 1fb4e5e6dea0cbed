import { packAverage } from '@sleep/analytics-rpc';
import { computeAverageStats, sleptSessionOf } from '@sleep/sleep-metrics';
import { encodeStages } from '../facts/nightly-fact';
import { sleepData } from '../testing/session-events';
import type { Stat } from '@sleep/contracts';
import { A1_STAT_KEYS } from './a1-stat';
import { type AverageRow, averageNightOf, factsOf, type StoredRow } from './fact-queries';
import { packedSleptSession } from './packed-average';
import { a1StatReader } from './a1-stat-reader';

/** A stat as the driver parses a jsonb's text: keys in the order Postgres prints them. */
const printed = (stat: Stat | null) =>
  stat && (Object.fromEntries(A1_STAT_KEYS.map((key) => [key, stat[key as keyof Stat]])) as Stat);

/** The row A1 reads: the stat's values without keys (migration 0012), or a stat of other keys whole. */
const a1Row = ({ peculiarities, ...row }: StoredRow): AverageRow => ({
  ...row,
  never_slept: peculiarities.includes('NEVER_SLEPT'),
  no_breathing_stability: peculiarities.includes('NO_BREATHING_STABILITY'),
  a1_stat:
    row.stat && Object.keys(row.stat).length === A1_STAT_KEYS.length
      ? A1_STAT_KEYS.map((key) => row.stat?.[key as keyof Stat])
      : row.stat,
});

/** Nights across DST changes, in zones with fractional and changing offsets; one unslept, one without a stat. */
const ZONES = ['America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC'];

function storedRow(start: string, zone: string, kind: 'slept' | 'never' | 'no stat' = 'slept') {
  const data = sleepData({ start, zone, epochs: 700, neverSlept: kind === 'no stat' });
  return {
    session_id: data.session.id,
    user_id: 'G-20250301093015-AverageNight0001',
    version: 2,
    start_ms: Date.parse(data.session.start_time),
    end_ms: Date.parse(data.session.end_time as string),
    zone,
    peculiarities: kind === 'never' ? ['NEVER_SLEPT', ...data.peculiarities] : data.peculiarities,
    stat: printed(data.stat),
    sleep_stages: encodeStages(data.session.sleep_stages),
    sleep_day: start.slice(0, 10),
    is_nap: false,
    is_main_sleep: true,
    score: 80,
    score_version: 'sleep-score-1',
    score_detail: { contributors: [] },
    created_timezone: zone,
    slept: kind === 'slept',
  } satisfies StoredRow;
}

const rows: StoredRow[] = [];
for (let day = 0; day < 20; day++) {
  const zone = ZONES[day % ZONES.length];
  // Around the 2025-03-09 US and 2025-04-06 Lord Howe changes; starts at odd seconds too.
  const date = new Date(Date.UTC(2025, 2, 1 + day * 2, 13 + (day % 11), (day * 7) % 60, day % 60));
  const kind = day === 7 ? 'never' : day === 12 ? 'no stat' : 'slept';
  rows.push(storedRow(date.toISOString().replace('.000Z', 'Z'), zone, kind));
}
rows.push(storedRow('2025-03-10T03:30:15Z', 'Asia/Kolkata'));
// A stat with a field added upstream is stored whole, with its keys.
const extended = storedRow('2025-03-11T03:30:15Z', 'Asia/Kolkata');
rows.push({ ...extended, stat: { ...extended.stat, sleep_score_v2: 71 } as Stat });

describe('A1 from the columns it reads', () => {
  it.each(ZONES)('answers byte for byte as from the whole stored facts, in %s', (timezone) => {
    const request = { startDate: '2025-03-01', endDate: '2025-04-10', timezone };
    const whole = JSON.stringify(computeAverageStats(factsOf(rows), request));
    const read = JSON.stringify(
      computeAverageStats(
        rows.map((row) => averageNightOf(a1Row(row))),
        request,
      ),
    );
    expect(read).toBe(whole);
    expect(JSON.parse(read).slept_sessions.length).toBeGreaterThan(10);
    expect(JSON.parse(read).never_slept_sessions).toHaveLength(1);
  });
});

describe('A1 from whether breathing went unanalysed, the one peculiarity it reads', () => {
  const analysed = rows.map((row) => ({
    ...row,
    peculiarities: row.peculiarities.filter((p) => p !== 'NO_BREATHING_STABILITY'),
  }));
  const request = { startDate: '2025-03-01', endDate: '2025-04-10', timezone: 'Asia/Kolkata' };
  const answers = (stored: StoredRow[]) => ({
    whole: JSON.stringify(computeAverageStats(factsOf(stored), request)),
    read: JSON.stringify(
      computeAverageStats(
        stored.map((row) => averageNightOf(a1Row(row))),
        request,
        packedSleptSession,
      ),
    ),
  });

  it('answers no peculiarity when no night has NO_BREATHING_STABILITY', () => {
    const { whole, read } = answers(analysed);
    expect(JSON.parse(read).peculiarities).toEqual([]);
    expect(JSON.parse(whole).peculiarities).toEqual([]);
  });

  it('answers NO_BREATHING_STABILITY when one slept night has it', () => {
    const mixed = analysed.map((row, i) => (i === 3 ? rows[i] : row));
    const { whole, read } = answers(mixed);
    expect(JSON.parse(read).peculiarities).toEqual(['NO_BREATHING_STABILITY']);
    expect(JSON.parse(whole).peculiarities).toEqual(['NO_BREATHING_STABILITY']);
  });
});

describe('A1 packed as it is built', () => {
  it.each(ZONES)('answers byte for byte as the answer packed after, in %s', (timezone) => {
    const request = { startDate: '2025-03-01', endDate: '2025-04-10', timezone };
    const nights = rows.map((row) => averageNightOf(a1Row(row)));
    const packedAfter = packAverage(computeAverageStats(factsOf(rows), request));
    const packed = computeAverageStats(nights, request, packedSleptSession);
    expect(JSON.stringify(packed)).toBe(JSON.stringify(packedAfter));
    // Stored values are sent as values; the stat of other keys whole, with its keys.
    expect(packed.slept_sessions.filter((s) => !Array.isArray(s))).toHaveLength(1);
  });
});

describe('A1 from the stored values, with no stat built per night', () => {
  /** Nights whose stat cannot be read when stored as values: A1 must read the values. */
  const valuesOnly = () =>
    rows.map((row) => {
      const night = averageNightOf(a1Row(row));
      if (night.statValues === null) return night;
      return Object.defineProperty(night, 'stat', {
        get: () => {
          throw new Error('stat read');
        },
      });
    });

  it.each(ZONES)('answers byte for byte as from the whole stored facts, in %s', (timezone) => {
    const request = { startDate: '2025-03-01', endDate: '2025-04-10', timezone };
    const read = computeAverageStats(valuesOnly(), request, packedSleptSession, a1StatReader);
    const packedAfter = packAverage(computeAverageStats(factsOf(rows), request));
    expect(JSON.stringify(read)).toBe(JSON.stringify(packedAfter));
    expect(read.slept_sessions.length).toBeGreaterThan(10);
    expect(read.never_slept_sessions).toHaveLength(1);
  });

  it('answers the unpacked answer the same through the reader', () => {
    const request = { startDate: '2025-03-01', endDate: '2025-04-10', timezone: 'Asia/Kolkata' };
    const nights = rows.map((row) => averageNightOf(a1Row(row)));
    expect(JSON.stringify(computeAverageStats(nights, request, sleptSessionOf, a1StatReader))).toBe(
      JSON.stringify(computeAverageStats(factsOf(rows), request)),
    );
  });
});
