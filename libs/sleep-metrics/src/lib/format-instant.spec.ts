import { formatInstant } from './format-instant';

describe('formatInstant', () => {
  const instant = Date.parse('2025-03-10T14:13:00Z');

  it('renders like Asleep, with an explicit offset', () => {
    expect(formatInstant(instant, 'UTC')).toBe('2025-03-10T14:13:00+00:00');
    expect(formatInstant(instant, 'Asia/Seoul')).toBe('2025-03-10T23:13:00+09:00');
    expect(formatInstant(instant, 'America/St_Johns')).toBe('2025-03-10T11:43:00-02:30');
    expect(formatInstant(instant, 'Asia/Kathmandu')).toBe('2025-03-10T19:58:00+05:45');
  });

  it('follows daylight saving time', () => {
    expect(formatInstant(Date.parse('2025-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(
      '2025-01-15T13:00:00+01:00',
    );
    expect(formatInstant(Date.parse('2025-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(
      '2025-07-15T14:00:00+02:00',
    );
  });

  it('truncates sub-second parts', () => {
    expect(formatInstant(instant + 999, 'UTC')).toBe('2025-03-10T14:13:00+00:00');
    expect(formatInstant(-1, 'UTC')).toBe('1969-12-31T23:59:59+00:00');
  });

  it('renders every year 0001-9999 as the ISO rendering of the wall clock', () => {
    const first = Date.parse('0001-01-01T00:00:00Z');
    const last = Date.parse('9999-12-31T23:59:59Z');
    let seed = 11;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const ms = first + Math.floor((seed / 2 ** 31) * ((last - first) / 1000)) * 1000;
      expect(formatInstant(ms, 'UTC')).toBe(`${new Date(ms).toISOString().slice(0, 19)}+00:00`);
    }
  });

  it('renders a date alike when remembered and after more dates than it remembers', () => {
    const start = Date.parse('1900-01-01T00:00:00Z');
    const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
    for (let day = 0; day < 60_000; day++) {
      const ms = start + day * 86_400_000 + ((day * 7_919) % 86_400) * 1000;
      expect(formatInstant(ms, 'UTC')).toBe(iso(ms));
      if (day % 1_000 === 0) expect(formatInstant(ms + 1000, 'UTC')).toBe(iso(ms + 1000));
    }
    expect(formatInstant(start, 'UTC')).toBe('1900-01-01T00:00:00+00:00');
  });

  it('appends the seconds of an offset that has them (local mean time), as Python prints it', () => {
    expect(formatInstant(Date.parse('1880-01-01T12:00:00Z'), 'America/New_York')).toBe(
      '1880-01-01T07:03:58-04:56:02',
    );
    expect(formatInstant(Date.parse('1890-06-01T03:04:05Z'), 'Asia/Kolkata')).toBe(
      '1890-06-01T08:25:15+05:21:10',
    );
  });

  it('rejects an unknown zone and a non-instant', () => {
    expect(() => formatInstant(instant, 'Mars/Olympus')).toThrow(RangeError);
    expect(() => formatInstant(NaN, 'UTC')).toThrow(RangeError);
  });
});

describe('formatInstant without a zone', () => {
  it('refuses, rather than rendering in the process zone', () => {
    expect(() => formatInstant(0, undefined as unknown as string)).toThrow(RangeError);
    expect(() => formatInstant(0, '')).toThrow(RangeError);
  });
});
