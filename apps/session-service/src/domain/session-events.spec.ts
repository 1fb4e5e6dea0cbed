import { SessionEventSchema } from '@sleep/contracts';
import { nightDeliveries } from '../testing/night-deliveries';
import { sampleSleepData, sampleUserId } from '../testing/samples';
import type { Night } from './night';
import { reduceNight } from './session-reducer';
import { changeEvent, deletedEvent } from './session-events';

const deliveries = nightDeliveries(sampleSleepData(), { userId: sampleUserId, tenantId: 'acme' });

describe('session events', () => {
  it('a progressed event carries the window\u2019s epochs, keyed by user, id <session>@<version>', () => {
    const reduction = reduceNight(null, deliveries[12]);
    const event = changeEvent(reduction.night!, reduction.change!, 1_700_000_000_000);
    expect(SessionEventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      eventId: `${reduction.night!.sessionId}@1`,
      type: 'sleep.session.progressed',
      tenantId: 'acme',
      key: sampleUserId,
      occurredAt: '2023-11-14T22:13:20.000Z',
      payload: {
        version: 1,
        state: 'OPEN',
        startTime: '2025-03-10T14:00:00+00:00',
        receivedEpochs: 10,
        epochs: { fromEpoch: 120, sleepStages: [1, 1, 3, 3, 3, 3, 3, 3, 3, 3], breathStages: null },
      },
    });
  });

  it('a completed event carries the whole night in UTC', () => {
    const reduction = reduceNight(null, deliveries.at(-1)!);
    const event = changeEvent(reduction.night!, reduction.change!, 0);
    expect(SessionEventSchema.parse(event)).toEqual(event);
    expect(event.type).toBe('sleep.session.completed');
    expect(event.payload).toEqual({
      userId: sampleUserId,
      sessionId: reduction.night!.sessionId,
      version: 1,
      sleepData: sampleSleepData(),
    });
  });

  it('a deletion takes the next version', () => {
    const night = reduceNight(null, deliveries.at(-1)!).night as Night;
    const event = deletedEvent({ ...night, version: 4 }, 'user-deleted', 0);
    expect(event).toMatchObject({
      eventId: `${night.sessionId}@5`,
      payload: { version: 5, reason: 'user-deleted' },
    });
    expect(SessionEventSchema.safeParse(event).success).toBe(true);
  });
});
