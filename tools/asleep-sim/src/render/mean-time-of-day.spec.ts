import fc from 'fast-check';
import { meanTimeOfDay } from './mean-time-of-day';

const at = (iso: string) => Date.parse(iso);

describe('meanTimeOfDay', () => {
  it('averages across midnight in the given zone', () => {
    expect(meanTimeOfDay([at('2025-01-01T23:00:00Z'), at('2025-01-03T01:00:00Z')], 'UTC')).toBe(
      '00:00:00',
    );
    expect(
      meanTimeOfDay([at('2025-01-01T14:00:00Z'), at('2025-01-02T16:00:00Z')], 'Asia/Seoul'),
    ).toBe('00:00:00');
    expect(
      meanTimeOfDay(
        [at('2025-01-01T22:00:00Z'), at('2025-01-02T23:00:00Z'), at('2025-01-04T03:00:00Z')],
        'UTC',
      ),
    ).toBe('00:00:00');
    expect(meanTimeOfDay([], 'UTC')).toBeNull();
  });

  it('equals the plain mean for times within one half day, wherever midnight falls', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 86_399 }),
        fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 1, maxLength: 8 }),
        (base, offsets) => {
          const day = Date.parse('2025-06-01T00:00:00Z');
          const mean = Math.floor(offsets.reduce((sum, s) => sum + s, 0) / offsets.length + 0.5);
          const expected = new Date(day + (base + mean) * 1000).toISOString().slice(11, 19);
          expect(
            meanTimeOfDay(
              offsets.map((s, i) => day + i * 86_400_000 + (base + s) * 1000),
              'UTC',
            ),
          ).toBe(expected);
        },
      ),
    );
  });
});
