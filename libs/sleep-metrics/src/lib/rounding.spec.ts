import { divHalfUp, fromHundredths, hundredthsHalfEven } from './rounding';

describe('hundredthsHalfEven (Asleep contract 7.6.6)', () => {
  it('rounds exact ties to the even hundredth', () => {
    expect(hundredthsHalfEven(1, 40)).toBe(2); // 0.025
    expect(hundredthsHalfEven(37, 40)).toBe(92); // 0.925
    expect(hundredthsHalfEven(3, 40)).toBe(8); // 0.075
    expect(hundredthsHalfEven(1, 8)).toBe(12); // 0.125
    expect(hundredthsHalfEven(3, 8)).toBe(38); // 0.375
  });

  it('disagrees with binary-float rounding exactly where the contract says it must', () => {
    expect(Math.round(0.925 * 100)).toBe(93);
    expect((0.025).toFixed(2)).toBe('0.03');
  });

  it('rounds non-ties to the nearest hundredth', () => {
    expect(hundredthsHalfEven(5940, 7260)).toBe(82);
    expect(hundredthsHalfEven(1, 3)).toBe(33);
    expect(hundredthsHalfEven(2, 3)).toBe(67);
    expect(hundredthsHalfEven(0, 7)).toBe(0);
    expect(hundredthsHalfEven(7, 7)).toBe(100);
  });

  it('prints hundredths as the literal Asleep sends', () => {
    expect(fromHundredths(53)).toBe(0.53);
    expect(fromHundredths(100)).toBe(1);
  });
});

describe('divHalfUp (Asleep contract 7.6.5)', () => {
  it('rounds a half up', () => {
    expect(divHalfUp(4290, 4)).toBe(1073); // 1072.5
    expect(divHalfUp(5, 2)).toBe(3);
    expect(divHalfUp(7, 3)).toBe(2);
    expect(divHalfUp(3750, 1)).toBe(3750);
  });
});
