import {
  addDays,
  dayNumber,
  formatTimeOfDay,
  isoWeekday,
  localDate,
  localDayNumber,
  secondsOfDay,
  startOfLocalDay,
} from './zoned-time';

describe('zoned time', () => {
  it('finds local midnight on ordinary and DST days', () => {
    expect(startOfLocalDay('2025-03-10', 'Asia/Seoul')).toBe(Date.parse('2025-03-09T15:00:00Z'));
    expect(startOfLocalDay('2025-03-30', 'Europe/Berlin')).toBe(Date.parse('2025-03-29T23:00:00Z'));
    expect(startOfLocalDay('2025-03-31', 'Europe/Berlin')).toBe(Date.parse('2025-03-30T22:00:00Z'));
    expect(startOfLocalDay('2025-10-26', 'Europe/Berlin')).toBe(Date.parse('2025-10-25T22:00:00Z'));
    expect(startOfLocalDay('2025-10-27', 'Europe/Berlin')).toBe(Date.parse('2025-10-26T23:00:00Z'));
  });

  it('finds the first instant of a day whose midnight is skipped', () => {
    // America/Santiago jumps from 24:00 to 01:00 on 2024-09-08.
    expect(startOfLocalDay('2024-09-08', 'America/Santiago')).toBe(
      Date.parse('2024-09-08T04:00:00Z'),
    );
    expect(localDate(Date.parse('2024-09-08T04:00:00Z'), 'America/Santiago')).toBe('2024-09-08');
  });

  it("counts an instant's local day as the day number of its local date", () => {
    const zones = ['UTC', 'Asia/Seoul', 'America/Santiago', 'Asia/Kathmandu', 'Pacific/Kiritimati'];
    const instants = [-1, 0, 999, Date.parse('1969-12-31T23:59:59.5Z')];
    // Every 37 minutes and 13.7 seconds over two years: midnights, DST changes, sub-second parts.
    for (let ms = Date.parse('2024-01-01T00:00:00Z'); ms < Date.parse('2026-01-01T00:00:00Z'); )
      instants.push((ms += 2_233_700));
    const differing = zones.flatMap((zone) =>
      instants
        .filter((ms) => localDayNumber(ms, zone) !== dayNumber(localDate(ms, zone)))
        .map((ms) => `${new Date(ms).toISOString()} in ${zone}`),
    );
    expect(differing).toEqual([]);
  });

  it('does calendar arithmetic and weekdays', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(isoWeekday('2025-03-10')).toBe(1);
    expect(isoWeekday('2025-03-16')).toBe(7);
    expect(isoWeekday('1969-12-31')).toBe(3);
  });

  it('renders times of day', () => {
    expect(secondsOfDay(Date.parse('2025-03-10T14:13:05Z'), 'Asia/Seoul')).toBe(
      23 * 3600 + 13 * 60 + 5,
    );
    expect(formatTimeOfDay(0)).toBe('00:00:00');
    expect(formatTimeOfDay(86_400)).toBe('00:00:00');
    expect(formatTimeOfDay(-1)).toBe('23:59:59');
    expect(formatTimeOfDay(3723)).toBe('01:02:03');
  });
});
