import { EPOCH_SECONDS, SleepPeriod, Stage } from './epochs';
import { divHalfUp } from './rounding';

const REM = Stage.Rem;

/** REM epochs separated by at most this many non-REM epochs belong to one cluster. */
export const REM_CLUSTER_MAX_GAP = 20;
/** Clusters with fewer REM epochs than this are not a cycle. */
export const REM_CLUSTER_MIN_EPOCHS = 20;

export interface SleepCycles {
  readonly count: number;
  /** Mean cycle length in whole seconds; null without a cycle. */
  readonly meanSeconds: number | null;
  /** Seconds after sleep onset of each boundary: 0, then each cluster end; empty without a cycle. */
  readonly boundaryOffsets: readonly number[];
}

/**
 * Cycles are counted by REM clusters inside `[f, l]`. Any non-REM epoch, `-1` included, is
 * distance between REM epochs (Asleep contract 7.6.2). A cluster "ends" at the index of its last
 * REM epoch, as in Asleep's calculator and the doc sample (cluster 122-151 -> boundary at 151 - f).
 */
export function findSleepCycles(
  stages: readonly number[],
  period: SleepPeriod | null,
): SleepCycles {
  const clusterEnds: number[] = [];
  if (period) {
    let clusterEnd = -1;
    let clusterSize = 0;
    const close = () => {
      if (clusterSize >= REM_CLUSTER_MIN_EPOCHS) clusterEnds.push(clusterEnd);
    };
    for (let i = period.onset; i <= period.finalAwakening; i++) {
      if (stages[i] !== REM) continue;
      if (clusterSize > 0 && i - clusterEnd - 1 > REM_CLUSTER_MAX_GAP) {
        close();
        clusterSize = 0;
      }
      clusterEnd = i;
      clusterSize++;
    }
    if (clusterSize > 0) close();
  }
  // No cluster: count 0, mean null, no boundaries at all (Asleep contract 7.6.4).
  if (period === null || clusterEnds.length === 0) {
    return { count: 0, meanSeconds: null, boundaryOffsets: [] };
  }
  const offsets = clusterEnds.map((end) => (end - period.onset) * EPOCH_SECONDS);
  // The cycle lengths telescope: their sum is the offset of the last cluster end.
  const total = offsets[offsets.length - 1];
  return {
    count: offsets.length,
    meanSeconds: divHalfUp(total, offsets.length),
    boundaryOffsets: [0, ...offsets],
  };
}
