import fc from 'fast-check';
import { nightDeliveries } from '../testing/night-deliveries';
import { sampleSleepData, sampleUserId } from '../testing/samples';
import type { Delivery, Night, SnapshotDelivery } from './night';
import { type Reduction, reduceNight } from './session-reducer';

function play(deliveries: readonly Delivery[]) {
  let night: Night | null = null;
  const reductions: Reduction[] = [];
  for (const delivery of deliveries) {
    const reduction = reduceNight(night, delivery);
    reductions.push(reduction);
    night = reduction.night;
  }
  return { night, reductions, changes: reductions.filter((r) => r.outcome === 'changed') };
}

const deliveries = nightDeliveries(sampleSleepData(), { userId: sampleUserId });
const windows = deliveries.filter((d) => d.kind === 'window');
const final = deliveries[deliveries.length - 1];

describe('reduceNight', () => {
  it('opens a night from its first window, start taken from the session id', () => {
    const { night } = play(windows.slice(3, 4));
    expect(night).toMatchObject({
      state: 'OPEN',
      startMs: Date.parse('2025-03-10T14:00:00Z'),
      version: 1,
    });
    expect(night?.peculiarities).toEqual(['IN_PROGRESS', 'NO_BREATHING_STABILITY']);
    expect(night?.sleepStages?.slice(30, 40)).toEqual(
      sampleSleepData().session.sleep_stages?.slice(30, 40),
    );
  });

  it('advances with each new window; a duplicate changes nothing', () => {
    const { reductions, night } = play([windows[0], windows[1], windows[0], windows[1]]);
    expect(reductions.map((r) => r.outcome)).toEqual([
      'changed',
      'changed',
      'duplicate',
      'duplicate',
    ]);
    expect(reductions[1].change).toEqual({ type: 'progressed', from: 10, to: 20 });
    expect(night?.version).toBe(2);
  });

  it('SESSION_COMPLETE replaces everything, and nothing changes the night after it', () => {
    const { night, reductions } = play([windows[0], final, windows[1], final]);
    expect(reductions.map((r) => r.outcome)).toEqual([
      'changed',
      'changed',
      'after-complete',
      'after-complete',
    ]);
    expect(night).toMatchObject({
      state: 'COMPLETE',
      version: 2,
      windows: [],
      endMs: Date.parse('2025-03-10T16:01:00Z'),
    });
    expect(night?.sleepStages).toEqual(sampleSleepData().session.sleep_stages);
    expect(reductions[1].statMismatches).toEqual([]);
  });

  it('reports every stat field that disagrees with sleep-metrics, and keeps Asleep\u2019s value', () => {
    const data = sampleSleepData();
    const wrong = {
      ...final,
      data: { ...data, stat: { ...data.stat!, time_in_deep: 1530, rem_ratio: 0.2 } },
    } as Delivery;
    const { reductions, night } = play([wrong]);
    expect(reductions[0].statMismatches?.map((m) => m.field).sort()).toEqual([
      'rem_ratio',
      'time_in_deep',
    ]);
    expect(night?.stat?.time_in_deep).toBe(1530);
  });

  it('a night fetched while CLOSED fills the gaps and never moves the state back', () => {
    const data = sampleSleepData();
    const snapshot = (state: 'OPEN' | 'CLOSED'): SnapshotDelivery => ({
      kind: 'snapshot',
      tenantId: 'acme',
      userId: sampleUserId,
      sessionId: data.session.id,
      receivedAtMs: 0,
      data: {
        ...data,
        peculiarities: ['IN_PROGRESS', 'NO_BREATHING_STABILITY'],
        stat: null,
        session: { ...data.session, state },
      },
    });
    const { night, reductions } = play([windows[5], snapshot('CLOSED'), snapshot('OPEN')]);
    expect(reductions.map((r) => r.outcome)).toEqual(['changed', 'changed', 'duplicate']);
    expect(night?.state).toBe('CLOSED');
    expect(night?.sleepStages).toEqual(data.session.sleep_stages);
  });

  it('converges to the same night for any order and duplicates, one change per new window before the end (property)', () => {
    // The version counts the changes, so it depends on how many windows came before the end.
    const withoutVersion = (night: Night | null) => night && { ...night, version: 0 };
    const expected = withoutVersion(play(deliveries).night);
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...deliveries, ...deliveries], { minLength: deliveries.length * 2 }),
        (order) => {
          const { night, changes } = play(order);
          expect(withoutVersion(night)).toEqual(expected);
          const firstFinal = order.findIndex((d) => d.kind === 'final');
          const windowsBefore = new Set(
            order.slice(0, firstFinal).flatMap((d) => (d.kind === 'window' ? [d.k] : [])),
          );
          expect(changes).toHaveLength(windowsBefore.size + 1);
          expect(changes.map((c) => c.night?.version)).toEqual(changes.map((_, i) => i + 1));
        },
      ),
      { numRuns: 60 },
    );
  });
});
