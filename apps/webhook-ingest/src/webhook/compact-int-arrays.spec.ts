import fc from 'fast-check';
import { compactIntArrays } from './compact-int-arrays';

const compact = (text: string, maxLength = 100) => compactIntArrays(Buffer.from(text), maxLength);

/** What the cut text must parse to: each array of plain small integers as its distinct values. */
function expectedOf(value: unknown, maxLength: number): unknown {
  if (Array.isArray(value)) {
    // "-0" is left to JSON.parse: to a Set it is 0.
    const small = value.every(
      (item) => Number.isInteger(item) && Math.abs(item) <= 99 && !Object.is(item, -0),
    );
    if (small && value.length <= maxLength) return [...new Set(value)];
    return value.map((item) => expectedOf(item, maxLength));
  }
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, expectedOf(item, maxLength)]),
  );
}

describe('compactIntArrays', () => {
  it('cuts each array of small integers to its values once, in order of first appearance', () => {
    expect(compact('{"a": [1, 1, 2, 1, 0], "b": [-1,3,-1]}')).toBe('{"a": [1,2,0], "b": [-1,3]}');
  });

  it('reads JSON whitespace anywhere between the tokens', () => {
    expect(compact('[ \n\t3 ,\r\n 3 ]')).toBe('[3]');
  });

  it('cuts arrays nested in other arrays', () => {
    expect(compact('[[1, 1], ["x"], [2, 2, 2]]')).toBe('[[1], ["x"], [2]]');
  });

  it.each([
    ['nothing repeats', '{"a": [1, 2, 3], "b": []}'],
    ['brackets are inside a string', '{"a": "[1, 1]"}'],
    ['the bracket follows an escaped quote', '{"a": "\\"[1, 1]"}'],
    ['a value has a fraction', '[1.0, 1]'],
    ['a value has an exponent', '[1e0, 1]'],
    ['a value has three digits', '[100, 100]'],
    ['a value has a leading zero', '[01, 1]'],
    ['a value is minus zero', '[-0, 0]'],
    ['a value is not a number', '[1, 1, null]'],
    ['the array is longer than the limit', `[${Array(101).fill(1).join(',')}]`],
    ['the array never closes', '[1, 1'],
    ['a string never closes', '{"a": "[1, 1]'],
  ])('cuts nothing when %s', (_case, text) => {
    expect(compact(text)).toBeUndefined();
  });

  it('still cuts after a string ending in an escaped backslash', () => {
    expect(compact('{"a": "x\\\\", "b": [2, 2]}')).toBe('{"a": "x\\\\", "b": [2]}');
  });

  it('keeps every other byte, multi-byte characters included', () => {
    expect(compact('{"ü": "日本 [1, 1]", "a": [4, 4], "b": "é"}')).toBe(
      '{"ü": "日本 [1, 1]", "a": [4], "b": "é"}',
    );
  });

  it('reads arrays separated as Python writes them, and mixed or broken separators', () => {
    const separator = fc.constantFrom(',', ', ', ' ,', ',  ', ',\n', ',,', ' ', '');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -12, max: 12 }), separator), { maxLength: 12 }),
        fc.constantFrom('', ' '),
        (items, padding) => {
          const text = `{"a": [${padding}${items.map(([value, sep], i) => (i === items.length - 1 ? value : `${value}${sep}`)).join('')}${padding}]}`;
          const cut = compactIntArrays(Buffer.from(text), 8);
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Not JSON: nothing may be cut.
            expect(cut).toBeUndefined();
            return;
          }
          expect(JSON.parse(cut ?? text)).toEqual(expectedOf(parsed, 8));
        },
      ),
      { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 500) * 4 },
    );
  });

  it('reads a night-long array of single digits the same whichever way it is separated', () => {
    const stages = Array.from({ length: 1920 }, (_, i) => [0, 1, 2, 3, 1][Math.floor(i / 40) % 5]);
    for (const separator of [',', ', ', ' , '])
      expect(compact(`{"s": [${stages.join(separator)}]}`, 1920)).toBe('{"s": [0,1,2,3]}');
    expect(compact(`{"s": [${stages.join(', ')}]}`, 1919)).toBeUndefined();
  });

  // Fractions and exponents are left out: `0e0` is an integer to JSON.parse, not to the reader
  // (see 'cuts nothing when a value has an exponent').
  it('reads long digit arrays four values at a time, whatever byte of them is changed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 64 }),
        fc.constantFrom(',', ', '),
        fc.option(
          fc.tuple(fc.nat(), fc.constantFrom(' ', ',', '\n', '-', 'x', '"', '[', ']', '7', '77')),
        ),
        (digits, separator, change) => {
          let inner = digits.join(separator);
          if (change) {
            const [at, text] = change;
            const index = at % inner.length;
            inner = inner.slice(0, index) + text + inner.slice(index + 1);
          }
          const text = `{"a": [${inner}], "b": 1}`;
          const cut = compactIntArrays(Buffer.from(text), 64);
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Cutting keeps a text's validity: what was not JSON stays not JSON.
            if (cut !== undefined) expect(() => JSON.parse(cut)).toThrow();
            return;
          }
          expect(JSON.parse(cut ?? text)).toEqual(expectedOf(parsed, 64));
        },
      ),
      { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 500) * 4 },
    );
  });

  it('turns any JSON value, however spaced, into the same value with its arrays cut', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom(undefined, 2, '\t'),
        fc.nat(8),
        (value, space, maxLength) => {
          const text = JSON.stringify(value, null, space);
          const cut = compactIntArrays(Buffer.from(text), maxLength);
          expect(JSON.parse(cut ?? text)).toEqual(expectedOf(JSON.parse(text), maxLength));
        },
      ),
      { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 500) },
    );
  });
});
