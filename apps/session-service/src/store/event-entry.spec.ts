import type { SessionEvent } from '@sleep/contracts';
import { reduceNight } from '../domain/session-reducer';
import { changeEvent } from '../domain/session-events';
import { nightDeliveries } from '../testing/night-deliveries';
import { sampleSleepData, sampleUserId } from '../testing/samples';
import { outboxEntry } from './event-entry';

const deliveries = nightDeliveries(sampleSleepData(), { userId: sampleUserId, tenantId: 'acme' });

function completedEvent(): SessionEvent {
  const final = deliveries.find((d) => d.kind === 'final')!;
  const reduction = reduceNight(null, final);
  return changeEvent(reduction.night!, reduction.change!, 1_700_000_000_000);
}

describe('outbox entry', () => {
  it('stores the event as its JSON text, keyed by user, under its id', () => {
    const event = completedEvent();
    expect(outboxEntry(event, 'sleep.sessions.v1')).toEqual({
      topic: 'sleep.sessions.v1',
      key: sampleUserId,
      eventId: event.eventId,
      value: JSON.stringify(event),
    });
  });

  it('refuses an event that does not match its schema, naming what is wrong', () => {
    const event = completedEvent();
    const wrong = { ...event, payload: { ...event.payload, version: -1 } } as SessionEvent;
    expect(() => outboxEntry(wrong)).toThrow(
      new RegExp(`event ${event.eventId} does not match its schema: payload\\.version: `),
    );
    const untyped = { ...event, type: 'sleep.session.renamed' } as unknown as SessionEvent;
    expect(() => outboxEntry(untyped)).toThrow(/does not match its schema/);
  });
});
