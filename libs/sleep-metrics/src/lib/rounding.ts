/**
 * `num / den` in hundredths, rounded half to even on the exact fraction (Asleep contract 7.6.6):
 * 0.025 -> 2, 0.925 -> 92. Integer arithmetic only, so no binary-float tie can slip either way.
 * `num` and `den` are non-negative integers, `den` > 0.
 */
export function hundredthsHalfEven(num: number, den: number): number {
  const [quotient, remainder] = divMod(num * 100, den);
  const twice = remainder * 2;
  if (twice > den) return quotient + 1;
  if (twice < den) return quotient;
  return quotient % 2 === 0 ? quotient : quotient + 1;
}

/** `num / den` rounded half up, `floor(mean + 0.5)` (Asleep contract 7.6.5). */
export function divHalfUp(num: number, den: number): number {
  const [quotient, remainder] = divMod(num, den);
  return remainder * 2 >= den ? quotient + 1 : quotient;
}

/** Exact integer division; the correction guards against a float quotient rounding across an integer. */
function divMod(num: number, den: number): [number, number] {
  let quotient = Math.floor(num / den);
  let remainder = num - quotient * den;
  if (remainder < 0) {
    quotient--;
    remainder += den;
  } else if (remainder >= den) {
    quotient++;
    remainder -= den;
  }
  return [quotient, remainder];
}

/** Hundredths as the number Asleep prints: 53 -> 0.53 (the same double as the literal). */
export function fromHundredths(hundredths: number): number {
  return hundredths / 100;
}
