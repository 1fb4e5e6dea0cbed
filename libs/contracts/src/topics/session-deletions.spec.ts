import {
  SESSION_COMPLETED,
  SESSION_DELETED,
  SESSION_PROGRESSED,
  SessionDeletionsSchema,
  SessionEventSchema,
} from './session-events';

const envelope = {
  eventId: 'session-1@3',
  version: 1,
  occurredAt: '2026-12-01T07:00:00.000Z',
  tenantId: 'acme',
  key: 'user-1',
};
const deleted = {
  ...envelope,
  type: SESSION_DELETED,
  payload: { userId: 'user-1', sessionId: 'session-1', version: 3, reason: 'session-deleted' },
};

describe('SessionDeletionsSchema', () => {
  it('checks a deletion in full, as the whole event schema does', () => {
    expect(SessionDeletionsSchema.parse(deleted)).toEqual(SessionEventSchema.parse(deleted));
    expect(
      SessionDeletionsSchema.safeParse({ ...deleted, payload: { ...deleted.payload, reason: 'x' } })
        .success,
    ).toBe(false);
    expect(SessionDeletionsSchema.safeParse({ ...deleted, tenantId: undefined }).success).toBe(
      false,
    );
  });

  it('takes other session events by their type alone, without walking the night', () => {
    // Not a valid completed night: the whole schema refuses it, this one does not look.
    const completed = { ...envelope, type: SESSION_COMPLETED, payload: { sleepData: 'stages' } };
    expect(SessionEventSchema.safeParse(completed).success).toBe(false);
    expect(SessionDeletionsSchema.parse(completed)).toEqual({ type: SESSION_COMPLETED });
    expect(SessionDeletionsSchema.parse({ type: SESSION_PROGRESSED })).toEqual({
      type: SESSION_PROGRESSED,
    });
  });

  it('refuses an event of another type', () => {
    expect(
      SessionDeletionsSchema.safeParse({ ...deleted, type: 'sleep.user.deleted' }).success,
    ).toBe(false);
  });
});
