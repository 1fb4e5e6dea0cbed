/**
 * Rounding on exact fractions of integers, so a binary-float tie never tips either way.
 * `den` must be a positive integer, `num` any integer.
 */
export function divHalfEven(num: number, den: number): number {
  const quotient = Math.floor(num / den);
  const remainder = num - quotient * den;
  const twice = remainder * 2;
  if (twice > den) return quotient + 1;
  if (twice < den) return quotient;
  return quotient % 2 === 0 ? quotient : quotient + 1;
}

/** Half away from zero, after snapping float noise (1e-9) so 89.4999999999 reads as 89.5. */
export function roundHalfAwayFromZero(value: number, decimals = 0): number {
  const scale = 10 ** decimals;
  const scaled = Math.round(Math.abs(value) * scale * 1e6) / 1e6;
  const rounded = Math.floor(scaled + 0.5) / scale;
  return value < 0 ? -rounded : rounded;
}

/** A decimal number as an exact integer count of millionths (2-dp ratios, 3-dp indexes). */
export const toMillionths = (value: number) => Math.round(value * 1e6);
