import { Topics, USER_DELETED, USER_UPSERTED } from '@sleep/contracts';
import { collectFrom, topicEnds } from '@sleep/testkit';
import {
  committed,
  factCount,
  publishSigned,
  until,
  untilFactCount,
  useAnalyticsApp,
} from '../testing/analytics-app';
import { completedEvent, sleepData, uniqueUserId } from '../testing/session-events';
import { userEvent } from '../testing/user-events';

describe('users announced on sleep.users.v1 (real Kafka and Postgres)', () => {
  const tenant = 'acme';
  const service = useAnalyticsApp('user-deletion');
  const facts = (userId: string, n: number) => untilFactCount(service, userId, n);

  it('keeps the profile fields age bands need and forgets a deleted user entirely', async () => {
    const userId = uniqueUserId();
    const envelope = (type: string, payload: object) => userEvent(tenant, userId, type, payload);
    const night = (start: string) => completedEvent(tenant, userId, sleepData({ start }));
    await publishSigned(
      service,
      Topics.sleepUsers.name,
      userId,
      envelope(USER_UPSERTED, { userId, metadata: { birth_year: 1990, gender: 'female' } }),
    );
    await publishSigned(service, Topics.sleepSessions.name, userId, night('2025-03-10T14:00:00Z'));
    const profile = await until(
      async () =>
        (
          await service.pg.query(
            'select birth_year, gender from analytics.user_profiles where user_id = $1',
            [userId],
          )
        ).rows,
      (rows) => rows.length === 1,
    );
    expect(profile).toEqual([{ birth_year: 1990, gender: 'female' }]);
    await facts(userId, 1);
    // A deletion the gateway did not sign is dead-lettered and deletes nothing.
    const { kafka, producer } = service;
    const usersDlq = await collectFrom(
      kafka,
      Topics.sleepUsersDlq.name,
      await topicEnds(kafka, Topics.sleepUsersDlq.name),
    );
    try {
      await producer.publish(Topics.sleepUsers.name, {
        key: userId,
        value: JSON.stringify(envelope(USER_DELETED, { userId })),
      });
      const dead = await usersDlq.waitFor((messages) => messages.some((m) => m.key === userId));
      expect(dead.find((m) => m.key === userId)?.headers['x-dlq-reason']).toBe('unsigned');
    } finally {
      await usersDlq.stop();
    }
    expect(await factCount(service, userId)).toBe(1);
    await publishSigned(
      service,
      Topics.sleepUsers.name,
      userId,
      envelope(USER_DELETED, { userId }),
    );
    await facts(userId, 0);
    // A late event about the deleted user does not bring them back.
    await publishSigned(service, Topics.sleepSessions.name, userId, night('2025-03-12T14:00:00Z'));
    // Read and passed over, not still on its way: the service's group has committed past it.
    const published = await topicEnds(kafka, Topics.sleepSessions.name);
    await until(
      () => committed(kafka, `${service.groupId}.sessions`, Topics.sleepSessions.name),
      (offsets) =>
        [...published].every(([partition, end]) => (offsets.get(partition) ?? -1n) >= BigInt(end)),
    );
    expect(await factCount(service, userId)).toBe(0);
  }, 60_000);
});
