import { addDays, dayNumber, isoWeekday, startOfLocalDay } from './zoned-time';

export type ReportKind = 'week' | 'month';

/** A report period in the user's calendar: an ISO week (Monday-Sunday) or a calendar month. */
export interface ReportPeriod {
  readonly kind: ReportKind;
  /** `2025-W11` or `2025-03`. */
  readonly key: string;
  readonly startDate: string;
  readonly endDate: string;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** ISO 8601 week of a date: the week (Monday first) whose Thursday lies in the week-year. */
export function isoWeekOf(date: string): { readonly year: number; readonly week: number } {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((dayNumber(thursday) - dayNumber(`${year}-01-01`)) / 7) + 1;
  return { year, week };
}

/** The week or month a sleep day belongs to. */
export function periodOf(kind: ReportKind, sleepDay: string): ReportPeriod {
  if (kind === 'week') {
    const { year, week } = isoWeekOf(sleepDay);
    const startDate = addDays(sleepDay, 1 - isoWeekday(sleepDay));
    return { kind, key: `${year}-W${pad(week)}`, startDate, endDate: addDays(startDate, 6) };
  }
  const startDate = `${sleepDay.slice(0, 7)}-01`;
  const [year, month] = [Number(sleepDay.slice(0, 4)), Number(sleepDay.slice(5, 7))];
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
  return { kind, key: sleepDay.slice(0, 7), startDate, endDate: addDays(next, -1) };
}

/** The period just before. */
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  return periodOf(period.kind, addDays(period.startDate, -1));
}

/** True when a sleep day falls inside the period. */
export function inPeriod(period: ReportPeriod, sleepDay: string): boolean {
  return sleepDay >= period.startDate && sleepDay <= period.endDate;
}

/** The instant the period closes in the zone: local 00:00 of the day after its last day. */
export function periodCloseInstant(period: ReportPeriod, timeZone: string): number {
  return startOfLocalDay(addDays(period.endDate, 1), timeZone);
}

/** Has the period closed at instant `atMs` for a user in `timeZone`? */
export function hasPeriodClosed(period: ReportPeriod, atMs: number, timeZone: string): boolean {
  return atMs >= periodCloseInstant(period, timeZone);
}
