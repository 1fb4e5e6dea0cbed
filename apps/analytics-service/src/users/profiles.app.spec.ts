import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Topics, USER_PROFILE_UPDATED, type UserProfileUpdated } from '@sleep/contracts';
import { BatchingProducer, createKafka, ensureTopics, type Kafka } from '@sleep/messaging';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import { startGroupAtEnd } from '@sleep/testkit';
import { ConfigResourceTypes } from 'kafkajs';
import { Client } from 'pg';
import { startAnalyticsService } from '../testing/analytics-app';
import { retried } from '../testing/retried';
import { uniqueUserId } from '../testing/session-events';

const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';

const profile = (
  tenantId: string,
  userId: string,
  birthYear: number | null,
  gender: UserProfileUpdated['payload']['gender'],
  tags: string[] = [],
): UserProfileUpdated => ({
  eventId: randomBytes(8).toString('hex'),
  type: USER_PROFILE_UPDATED,
  version: 1,
  occurredAt: new Date().toISOString(),
  tenantId,
  key: userId,
  payload: { userId, birthYear, gender, tags },
});

describe('profiles from the compacted sleep.user-profiles.v1 (real Kafka and Postgres)', () => {
  const groupId = `analytics-profiles-spec-${randomBytes(4).toString('hex')}`;
  const tenant = `acme-${randomBytes(3).toString('hex')}`;
  let database: TestDatabase;
  let kafka: Kafka;
  let producer: BatchingProducer;
  let app: NestFastifyApplication | undefined;
  let pg: Client;

  beforeAll(async () => {
    database = await createTestDatabase('analytics_profiles');
    kafka = createKafka({ brokers, clientId: 'analytics-profiles-spec', logLevel: 'error' });
    producer = new BatchingProducer(kafka);
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin);
    await admin.disconnect();
    await retried(() => startGroupAtEnd(kafka, `${groupId}.sessions`, [Topics.sleepSessions.name]));
    await retried(() => startGroupAtEnd(kafka, `${groupId}.users`, [Topics.sleepUsers.name]));
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await pg?.end();
    await producer?.disconnect();
    await database?.drop();
  });

  it('declares the topic compacted', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: Topics.userProfiles.name }],
    });
    await admin.disconnect();
    const policy = resources[0].configEntries.find((e) => e.configName === 'cleanup.policy');
    expect(policy?.configValue).toBe('compact');
  });

  it('gives a service that starts after the profiles were published every user’s latest profile', async () => {
    const early = uniqueUserId();
    const changed = uniqueUserId();
    const publish = (event: UserProfileUpdated) =>
      producer.publish(Topics.userProfiles.name, {
        key: event.key,
        value: JSON.stringify(event),
      });
    // Published while no analytics consumer exists at all; the first as profiles were before tags.
    const { tags: _none, ...untagged } = profile(tenant, early, 1984, 'male').payload;
    await publish({
      ...profile(tenant, early, 1984, 'male'),
      payload: untagged,
    } as UserProfileUpdated);
    await publish(profile(tenant, changed, 1990, 'female', ['arm:control']));
    await publish(profile(tenant, changed, 1991, 'non_binary', ['team:night-shift', 'arm:test']));
    await producer.publish(Topics.userProfiles.name, { key: uniqueUserId(), value: null });

    app = await startAnalyticsService(database.url, groupId);

    const expected = [
      { user_id: early, birth_year: 1984, gender: 'male', tags: [] },
      {
        user_id: changed,
        birth_year: 1991,
        gender: 'non_binary',
        tags: ['team:night-shift', 'arm:test'],
      },
    ];
    const read = async () =>
      (
        await pg.query(
          'select user_id, birth_year, gender, tags from analytics.user_profiles where tenant_id = $1 order by birth_year',
          [tenant],
        )
      ).rows;
    let rows = await read();
    for (let i = 0; i < 600 && JSON.stringify(rows) !== JSON.stringify(expected); i++) {
      await sleep(100);
      rows = await read();
    }
    expect(rows).toEqual(expected);
  }, 90_000);
});
