import {
  hasPeriodClosed,
  isoWeekOf,
  periodCloseInstant,
  periodOf,
  previousPeriod,
} from './report-periods';

describe('report periods', () => {
  it.each([
    ['2025-03-10', 2025, 11],
    ['2025-03-16', 2025, 11],
    ['2024-12-30', 2025, 1], // Monday of the week holding 2 Jan 2025 (Thursday)
    ['2021-01-03', 2020, 53], // Sunday of 2020's 53rd week
    ['2026-01-01', 2026, 1],
    ['2027-01-01', 2026, 53],
  ])('%s is in ISO week %i-W%i', (date, year, week) => {
    expect(isoWeekOf(date)).toEqual({ year, week });
  });

  it('weeks and months with their bounds and predecessors', () => {
    expect(periodOf('week', '2026-01-01')).toEqual({
      kind: 'week',
      key: '2026-W01',
      startDate: '2025-12-29',
      endDate: '2026-01-04',
    });
    expect(previousPeriod(periodOf('week', '2026-01-01'))).toMatchObject({
      key: '2025-W52',
      startDate: '2025-12-22',
    });
    expect(periodOf('month', '2024-02-14')).toEqual({
      kind: 'month',
      key: '2024-02',
      startDate: '2024-02-01',
      endDate: '2024-02-29',
    });
    expect(previousPeriod(periodOf('month', '2025-01-31'))).toEqual({
      kind: 'month',
      key: '2024-12',
      startDate: '2024-12-01',
      endDate: '2024-12-31',
    });
  });

  it('closes at local midnight after its last day, in the user zone', () => {
    const week = periodOf('week', '2025-03-30'); // 24-30 March 2025
    const zone = 'Europe/Berlin';
    expect(periodCloseInstant(week, zone)).toBe(Date.parse('2025-03-30T22:00:00Z')); // 00:00 CEST
    expect(hasPeriodClosed(week, Date.parse('2025-03-30T21:59:59Z'), zone)).toBe(false);
    expect(hasPeriodClosed(week, Date.parse('2025-03-30T22:00:00Z'), zone)).toBe(true);
    // Still Sunday in New York when Berlin's week has closed.
    expect(hasPeriodClosed(week, Date.parse('2025-03-31T03:00:00Z'), 'America/New_York')).toBe(
      false,
    );
  });
});
