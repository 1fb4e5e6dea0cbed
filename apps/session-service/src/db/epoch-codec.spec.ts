import fc from 'fast-check';
import {
  decodeInts,
  decodeStages,
  encodeInts,
  encodeStages,
  SLEEP_OFFSET,
  SNORING_OFFSET,
} from './epoch-codec';

describe('epoch codec', () => {
  it('stores a stage per byte and an unknown epoch as 0xFF', () => {
    expect([...encodeStages([-1, 0, 3, null], SLEEP_OFFSET)!]).toEqual([0, 1, 4, 255]);
    expect(encodeStages(null, SLEEP_OFFSET)).toBeNull();
    expect(encodeStages([], SLEEP_OFFSET)).toEqual(Buffer.alloc(0));
  });

  it('round-trips stages, snoring and breathing (property)', () => {
    const line = (values: fc.Arbitrary<number>) =>
      fc.array(fc.option(values, { nil: null }), { maxLength: 3600 });
    fc.assert(
      fc.property(
        line(fc.integer({ min: -1, max: 3 })),
        line(fc.integer({ min: 0, max: 1 })),
        line(fc.integer({ min: -(2 ** 31) + 1, max: 2 ** 31 - 1 })),
        (stages, snoring, breath) => {
          expect(decodeStages(encodeStages(stages, SLEEP_OFFSET), SLEEP_OFFSET)).toEqual(stages);
          expect(decodeStages(encodeStages(snoring, SNORING_OFFSET), SNORING_OFFSET)).toEqual(
            snoring,
          );
          expect(decodeInts(encodeInts(breath))).toEqual(breath);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('decodes what the embedded driver returns (a plain Uint8Array)', () => {
    const stored = new Uint8Array(encodeInts([7, null, -3])!);
    expect(decodeInts(stored)).toEqual([7, null, -3]);
  });
});
