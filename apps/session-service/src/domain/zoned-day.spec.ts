import { startDateRange, startOfZonedDay } from './zoned-day';

describe('startOfZonedDay', () => {
  it('is local midnight as an instant', () => {
    expect(new Date(startOfZonedDay('2025-03-11', 'Asia/Seoul')).toISOString()).toBe(
      '2025-03-10T15:00:00.000Z',
    );
    expect(new Date(startOfZonedDay('2025-03-11', 'UTC')).toISOString()).toBe(
      '2025-03-11T00:00:00.000Z',
    );
    expect(new Date(startOfZonedDay('2025-01-01', 'Asia/Kolkata')).toISOString()).toBe(
      '2024-12-31T18:30:00.000Z',
    );
    expect(new Date(startOfZonedDay('2025-07-01', 'America/Los_Angeles')).toISOString()).toBe(
      '2025-07-01T07:00:00.000Z',
    );
  });

  it('is the end of the gap when a DST change skips midnight', () => {
    // Brazil, 2018-11-04: clocks jumped from 00:00 to 01:00.
    expect(new Date(startOfZonedDay('2018-11-04', 'America/Sao_Paulo')).toISOString()).toBe(
      '2018-11-04T03:00:00.000Z',
    );
  });

  it('covers the extreme offsets', () => {
    expect(new Date(startOfZonedDay('2025-06-01', 'Pacific/Kiritimati')).toISOString()).toBe(
      '2025-05-31T10:00:00.000Z',
    );
    expect(new Date(startOfZonedDay('2025-06-01', 'Etc/GMT+12')).toISOString()).toBe(
      '2025-06-01T12:00:00.000Z',
    );
  });
});

describe('startDateRange', () => {
  it('is half-open: from the first day\u2019s midnight to the midnight after the last day', () => {
    const { fromMs, untilMs } = startDateRange('Asia/Seoul', '2025-03-10', '2025-03-10');
    expect(new Date(fromMs!).toISOString()).toBe('2025-03-09T15:00:00.000Z');
    expect(new Date(untilMs!).toISOString()).toBe('2025-03-10T15:00:00.000Z');
    expect(startDateRange('UTC')).toEqual({ fromMs: null, untilMs: null });
  });
});
