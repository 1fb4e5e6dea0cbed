import { completenessWindowOf, MIN_NIGHTS_JUDGED } from './completeness-window';

describe('completenessWindowOf', () => {
  it('sums outcomes over tenants and counts the judged tenants under the target', () => {
    const window = completenessWindowOf(
      [
        // 19 of 20 on time: 95 %, on the target.
        { tenantId: 'a', outcome: 'on_time', nights: 19 },
        { tenantId: 'a', outcome: 'missing', nights: 1 },
        // 18 of 20: under it.
        { tenantId: 'b', outcome: 'on_time', nights: 18 },
        { tenantId: 'b', outcome: 'late', nights: 2 },
        // Everything missing, but too few nights to judge.
        { tenantId: 'c', outcome: 'missing', nights: MIN_NIGHTS_JUDGED - 1 },
      ],
      0.95,
    );
    expect(window).toEqual({
      nights: { on_time: 37, late: 2, missing: 1 + MIN_NIGHTS_JUDGED - 1 },
      tenantsBelowTarget: 1,
    });
  });

  it('is all zeros without nights', () => {
    expect(completenessWindowOf([], 0.95)).toEqual({
      nights: { on_time: 0, late: 0, missing: 0 },
      tenantsBelowTarget: 0,
    });
  });
});
