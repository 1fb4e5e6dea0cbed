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

/*
 * Four values with their separators, as little-endian words: where the separators' bytes are
 * (mask) and what they hold. `d, d, d, d, ` is three words, `d,d,d,d,` two alike. `| 0`: as the
 * int32 that `&` yields.
 */
const SPACED_MASK_0 = 0x00ffff00;
const SPACED_SEPARATORS_0 = 0x00202c00;
const SPACED_MASK_1 = 0xff00ffff | 0;
const SPACED_SEPARATORS_1 = 0x2c00202c;
const SPACED_MASK_2 = 0xffff00ff | 0;
const SPACED_SEPARATORS_2 = 0x202c0020;
const PLAIN_MASK = 0xff00ff00 | 0;
const PLAIN_SEPARATORS = 0x2c002c00;

/**
 * The common case, four values at a time: single digits, no sign, every separator `,` or every
 * one `, ` (as JSON.stringify or Python's json.dumps write them). The closing `]` is found first
 * (memchr), so the array's length fixes where every digit and separator must be; each group of
 * four values is then checked as two or three words against its separators' bytes. Whatever it
 * returns is what `readIntArray` returns for the same bytes; anything else is undefined and read
 * by it.
 */
function readDigitArray(bytes: Buffer, at: number): IntArray | undefined {
  const first = at + 1;
  const value = bytes[first] - ZERO;
  if (!(value >= 0 && value <= 9)) return undefined;
  const close = bytes.indexOf(CLOSE, first);
  if (close === -1) return undefined;
  const stride = bytes[first + 1] === COMMA && bytes[first + 2] === SPACE ? 3 : 2;
  // "d" then "<separator>d" for every further value.
  if ((close - first - 1) % stride !== 0) return undefined;
  const count = (close - first - 1) / stride + 1;
  const values: number[] = [];
  let seen = 0;
  const note = (digit: number) => {
    if ((seen & (1 << digit)) === 0) {
      seen |= 1 << digit;
      values.push(digit);
    }
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let k = 0;
  // Groups of four values whose separators all lie before the last value.
  for (; k + 4 < count; k += 4) {
    const p = first + k * stride;
    let d0: number, d1: number, d2: number, d3: number;
    if (stride === 3) {
      const w0 = view.getUint32(p, true);
      const w1 = view.getUint32(p + 4, true);
      const w2 = view.getUint32(p + 8, true);
      if (
        (w0 & SPACED_MASK_0) !== SPACED_SEPARATORS_0 ||
        (w1 & SPACED_MASK_1) !== SPACED_SEPARATORS_1 ||
        (w2 & SPACED_MASK_2) !== SPACED_SEPARATORS_2
      )
        return undefined;
      d0 = (w0 & 0xff) - ZERO;
      d1 = (w0 >>> 24) - ZERO;
      d2 = ((w1 >>> 16) & 0xff) - ZERO;
      d3 = ((w2 >>> 8) & 0xff) - ZERO;
    } else {
      const w0 = view.getUint32(p, true);
      const w1 = view.getUint32(p + 4, true);
      if ((w0 & PLAIN_MASK) !== PLAIN_SEPARATORS || (w1 & PLAIN_MASK) !== PLAIN_SEPARATORS)
        return undefined;
      d0 = (w0 & 0xff) - ZERO;
      d1 = ((w0 >>> 16) & 0xff) - ZERO;
      d2 = (w1 & 0xff) - ZERO;
      d3 = ((w1 >>> 16) & 0xff) - ZERO;
    }
    // Unsigned: a byte below '0' wraps to a large number.
    if (d0 >>> 0 > 9 || d1 >>> 0 > 9 || d2 >>> 0 > 9 || d3 >>> 0 > 9) return undefined;
    const digits = (1 << d0) | (1 << d1) | (1 << d2) | (1 << d3);
    // Stages come in runs: a group holding no new value is the rule.
    if ((digits & ~seen) !== 0) for (const digit of [d0, d1, d2, d3]) note(digit);
  }
  for (; k < count; k++) {
    const p = first + k * stride;
    const digit = bytes[p] - ZERO;
    if (digit >>> 0 > 9) return undefined;
    if (k < count - 1 && (bytes[p + 1] !== COMMA || (stride === 3 && bytes[p + 2] !== SPACE)))
      return undefined;
    note(digit);
  }
  return { end: close + 1, count, values };
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
