import {
  AsleepSessionIdSchema,
  AsleepUserIdSchema,
  CalendarDateSchema,
  IanaTimezoneSchema,
  OffsetDateTimeSchema,
  TimeOfDaySchema,
  UtcDefaultDateTimeSchema,
} from '..';

describe('ids', () => {
  it.each(['G-20250115025029-vLErWBfQNtnfvgDccFOQ', '20250115025029_fvivn', '20230630224117'])(
    'accepts %s',
    (id) => {
      expect(AsleepUserIdSchema.parse(id)).toBe(id);
      expect(AsleepSessionIdSchema.parse(id)).toBe(id);
    },
  );

  it.each(['', 'x'.repeat(65), 'abc\u0000', 'line\nbreak', 'del\u007f', 42, null, '.', '..'])(
    'rejects %j',
    (id) => {
      expect(AsleepSessionIdSchema.safeParse(id).success).toBe(false);
      expect(AsleepUserIdSchema.safeParse(id).success).toBe(false);
    },
  );

  it("names the dot segments, which would be another path of Asleep's API", () => {
    expect(AsleepSessionIdSchema.safeParse('..').error?.issues[0].message).toBe(
      'session id must not be "." or ".."',
    );
    expect(AsleepSessionIdSchema.parse('...')).toBe('...');
  });
});

describe('datetimes', () => {
  it('requires an offset where Asleep renders one', () => {
    expect(OffsetDateTimeSchema.safeParse('2025-03-10T23:00:00+09:00').success).toBe(true);
    expect(OffsetDateTimeSchema.safeParse('2025-03-10T14:00:00Z').success).toBe(true);
    expect(OffsetDateTimeSchema.safeParse('2025-03-10T14:00:00').success).toBe(false);
    expect(OffsetDateTimeSchema.safeParse('2025-02-30T14:00:00Z').success).toBe(false);
    expect(OffsetDateTimeSchema.safeParse('yesterday').success).toBe(false);
  });

  it('reads a missing offset as UTC and always outputs one', () => {
    expect(UtcDefaultDateTimeSchema.parse('2023-06-30T22:41:17')).toBe('2023-06-30T22:41:17Z');
    expect(UtcDefaultDateTimeSchema.parse('2023-06-30T22:41:17+09:00')).toBe(
      '2023-06-30T22:41:17+09:00',
    );
    expect(UtcDefaultDateTimeSchema.safeParse('2023-06-30T22:41').success).toBe(false);
    expect(UtcDefaultDateTimeSchema.safeParse('2023-02-29T22:41:17').success).toBe(false);
  });
});

describe('CalendarDateSchema', () => {
  it.each(['2025-02-30', '2023-02-29', '2025-13-01', '2025-1-5', '2025-01-05T00:00:00Z', ''])(
    'rejects %s',
    (date) => expect(CalendarDateSchema.safeParse(date).success).toBe(false),
  );

  it('accepts exactly the real dates of 1999-2004 (leap years included)', () => {
    const DAY_MS = 86_400_000;
    let accepted = 0;
    for (let t = Date.UTC(1999, 0, 1); t < Date.UTC(2005, 0, 1); t += DAY_MS) {
      if (CalendarDateSchema.safeParse(new Date(t).toISOString().slice(0, 10)).success) accepted++;
    }
    expect(accepted).toBe(6 * 365 + 2);
    for (const [month, last] of [
      ['02', 28],
      ['04', 30],
      ['06', 30],
      ['09', 30],
      ['11', 30],
    ] as const) {
      expect(CalendarDateSchema.safeParse(`2003-${month}-${last}`).success).toBe(true);
      expect(CalendarDateSchema.safeParse(`2003-${month}-${last + 1}`).success).toBe(false);
    }
    expect(CalendarDateSchema.safeParse('2000-02-29').success).toBe(true);
    expect(CalendarDateSchema.safeParse('1900-02-29').success).toBe(false);
  });
});

describe('IanaTimezoneSchema', () => {
  it.each([
    'UTC',
    'Asia/Seoul',
    'America/Argentina/Buenos_Aires',
    'Etc/GMT+9',
    'US/Pacific',
    'Asia/Calcutta',
  ])('accepts %s', (zone) => expect(IanaTimezoneSchema.parse(zone)).toBe(zone));

  it.each([
    '',
    'Mars/Phobos',
    '+09:00',
    'UTC+9',
    'asia/seoul',
    'ASIA/SEOUL',
    'Asia/Seoul ',
    'a'.repeat(65),
  ])('rejects %j', (zone) => expect(IanaTimezoneSchema.safeParse(zone).success).toBe(false));
});

it('TimeOfDaySchema takes hh:mm:ss only', () => {
  expect(TimeOfDaySchema.safeParse('02:54:01').success).toBe(true);
  for (const bad of ['24:00:00', '2:54:01', '02:54', '02:54:01.5', '02:60:00']) {
    expect(TimeOfDaySchema.safeParse(bad).success).toBe(false);
  }
});
