/** Age bands of tenant breakdowns (analytics definitions, section 8). */
export const AGE_BANDS = ['<18', '18-29', '30-44', '45-64', '65+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/**
 * The band of a user's age in the year of `onDay` (a birth year is all we know, as the score's
 * age); `unknown` without a birth year. A statistic uses its period's last day, so every user is
 * in exactly one band for the whole period.
 */
export function ageBandOf(
  birthYear: number | null | undefined,
  onDay: string,
): AgeBand | 'unknown' {
  if (birthYear === null || birthYear === undefined) return 'unknown';
  const age = Number(onDay.slice(0, 4)) - birthYear;
  if (age < 18) return '<18';
  if (age < 30) return '18-29';
  if (age < 45) return '30-44';
  if (age < 65) return '45-64';
  return '65+';
}
