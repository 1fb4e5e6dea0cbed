const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const COMMA = 0x2c;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const SPACE = 0x20;
/** Values an array may hold and still be compacted: -99..99, the range of every stage code. */
const SMALLEST = -99;
const isDigit = (byte: number) => byte >= ZERO && byte <= NINE;
const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** One array of small integers: where it is and what it holds. */
interface IntArray {
  /** Index of the byte after its `]`. */
  end: number;
  count: number;
  /** Each value it holds, once, in order of first appearance. */
  values: number[];
}

const seen = new Uint32Array(-SMALLEST * 2 + 1);
let generation = 0;

/**
 * Reads `[` ... `]` from `at` when it holds nothing but integers written plainly (`-?(0|[1-9]\d?)`,
 * JSON whitespace between tokens); anything else (a fraction, an exponent, a third digit, a
 * nested value) is undefined, and the array is left to JSON.parse.
 */
function readIntArray(bytes: Buffer, at: number): IntArray | undefined {
  if (++generation === 0xffffffff) {
    seen.fill(0);
    generation = 1;
  }
  const values: number[] = [];
  let count = 0;
  let last = NaN;
  let i = at + 1;
  while (isSpace(bytes[i])) i++;
  if (bytes[i] === CLOSE) return { end: i + 1, count, values };
  for (;;) {
    const negative = bytes[i] === MINUS;
    if (negative) i++;
    let digit = bytes[i];
    if (!isDigit(digit)) return undefined;
    let value = digit - ZERO;
    digit = bytes[++i];
    if (value !== 0 && isDigit(digit)) {
      value = value * 10 + digit - ZERO;
      digit = bytes[++i];
    }
    if (isDigit(digit) || digit === 0x2e || digit === 0x65 || digit === 0x45) return undefined;
    if (negative) {
      // "-0" is a number of its own (Object.is): left to JSON.parse.
      if (value === 0) return undefined;
      value = -value;
    }
    count++;
    // Stages come in runs: a repeat of the last value needs no look-up.
    if (value !== last && seen[value - SMALLEST] !== generation) {
      seen[value - SMALLEST] = generation;
      values.push(value);
    }
    last = value;
    while (isSpace(bytes[i])) i++;
    if (bytes[i] === CLOSE) return { end: i + 1, count, values };
    if (bytes[i] !== COMMA) return undefined;
    i++;
    while (isSpace(bytes[i])) i++;
  }
}

/**
 * The common case read at a few instructions a value: single digits, no sign, every separator
 * `,` or every one `, ` (as JSON.stringify or Python's json.dumps write them). Whatever it returns
 * is what `readIntArray` returns for the same bytes; anything else is undefined and read by it.
 */
function readDigitArray(bytes: Buffer, at: number): IntArray | undefined {
  let i = at + 1;
  let value = bytes[i] - ZERO;
  if (!(value >= 0 && value <= 9)) return undefined;
  const spaced = bytes[i + 1] === COMMA && bytes[i + 2] === SPACE;
  const stride = spaced ? 3 : 2;
  // Digits seen so far, a bit each.
  let seenDigits = 1 << value;
  const values = [value];
  let last = value;
  let count = 1;
  for (;;) {
    const next = bytes[i + 1];
    if (next === CLOSE) return { end: i + 2, count, values };
    if (next !== COMMA || (spaced && bytes[i + 2] !== SPACE)) return undefined;
    i += stride;
    value = bytes[i] - ZERO;
    if (!(value >= 0 && value <= 9)) return undefined;
    count++;
    if (value !== last) {
      if ((seenDigits & (1 << value)) === 0) {
        seenDigits |= 1 << value;
        values.push(value);
      }
      last = value;
    }
  }
}

/** Index of the `"` closing the string opened at `at`, or -1 when it is never closed. */
function stringEnd(bytes: Buffer, at: number): number {
  for (let quote = bytes.indexOf(QUOTE, at + 1); quote !== -1; ) {
    let backslashes = 0;
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = bytes.indexOf(QUOTE, quote + 1);
  }
  return -1;
}

/**
 * The JSON text of `bytes` with every array of small integers of at most `maxLength` elements
 * (outside strings) cut to each of its values once, in order of first appearance: a night's
 * 1,920-value stage arrays become `[0,1,2,3]`. Whatever a schema checks value by value, or
 * against a maximum length of at least `maxLength`, holds for the cut text exactly when it holds
 * for the whole, at a fraction of the parsing and checking. Undefined when nothing was cut.
 */
export function compactIntArrays(bytes: Buffer, maxLength: number): string | undefined {
  let text = '';
  let copied = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      const end = stringEnd(bytes, i);
      if (end === -1) break;
      i = end;
    } else if (byte === OPEN) {
      const array = readDigitArray(bytes, i) ?? readIntArray(bytes, i);
      if (!array) continue;
      if (array.count > maxLength || array.count === array.values.length) {
        i = array.end - 1;
        continue;
      }
      text += `${bytes.toString('utf8', copied, i)}[${array.values.join(',')}]`;
      copied = array.end;
      i = array.end - 1;
    }
  }
  return copied === 0 ? undefined : text + bytes.toString('utf8', copied);
}
