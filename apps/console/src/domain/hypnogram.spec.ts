import { hypnogramSeries, stageRuns } from './hypnogram';

describe('hypnogram', () => {
  it('turns stages into runs, no-data runs included', () => {
    expect(stageRuns([0, 0, 1, -1, -1, 2, 3, 3])).toEqual([
      { stage: 0, fromEpoch: 0, toEpoch: 2 },
      { stage: 1, fromEpoch: 2, toEpoch: 3 },
      { stage: -1, fromEpoch: 3, toEpoch: 5 },
      { stage: 2, fromEpoch: 5, toEpoch: 6 },
      { stage: 3, fromEpoch: 6, toEpoch: 8 },
    ]);
    expect(stageRuns([])).toEqual([]);
  });

  it('draws wake above REM above light above deep, with gaps for no data and a closing step', () => {
    const [x, level] = hypnogramSeries('2025-03-10T23:00:00+00:00', [0, 3, 1, -1, 2]);
    const start = Date.parse('2025-03-10T23:00:00Z') / 1000;
    expect(x).toEqual([start, start + 30, start + 60, start + 90, start + 120, start + 150]);
    expect(level).toEqual([3, 2, 1, null, 0, 0]);
  });
});
