import { createHash, randomBytes } from 'node:crypto';
import {
  SESSION_PROGRESSED,
  type SessionProgressed,
  TenantUpdatedSchema,
  Topics,
  UserEventSchema,
} from '@sleep/contracts';
import { BatchingProducer } from '@sleep/messaging';
import { readFrom, topicEnds } from '@sleep/testkit';
import { Client } from 'pg';
import {
  type GatewayFixture,
  KEY_ACME,
  KEY_ACME_NEXT,
  startGateway,
  GATEWAY_SETUP_TIMEOUT_MS,
} from './gateway-fixture';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const tenantId = `acme-${randomBytes(3).toString('hex')}`;

describe('gateway ⇄ Kafka: tenants, users and live sessions', () => {
  let gw: GatewayFixture;
  beforeAll(async () => {
    gw = await startGateway();
  }, GATEWAY_SETUP_TIMEOUT_MS);
  afterAll(() => gw?.stop(), 30_000);

  it('announces a created and a rotated tenant on platform.tenants.v1: digests and a sealed key, never the key', async () => {
    const from = await topicEnds(gw.kafka, Topics.tenants.name);
    const operator = gw.client(await gw.token('platform', 'olga', 'operator'));
    await operator.platform.tenants.create.mutate({
      id: tenantId,
      name: 'Acme',
      asleepApiKey: KEY_ACME,
      defaultTimezone: 'Asia/Seoul',
    });
    const admin = gw.client(await gw.token(tenantId, 'adam', 'admin'));
    await admin.tenant.rotateKey.mutate({ asleepApiKey: KEY_ACME_NEXT });

    const messages = await readFrom(gw.kafka, Topics.tenants.name, from, {
      until: (read) => read.filter((m) => m.key === tenantId).length >= 2,
    });
    const states = messages
      .filter((m) => m.key === tenantId)
      .map((m) => TenantUpdatedSchema.parse(JSON.parse(m.value!)).payload);
    expect(states.map((state) => state.revision)).toEqual([1, 2]);
    expect(states[0].webhookKeys).toEqual([{ sha256: sha256(KEY_ACME), validUntil: null }]);
    expect(states[1].webhookKeys).toEqual([
      { sha256: sha256(KEY_ACME_NEXT), validUntil: null },
      { sha256: sha256(KEY_ACME), validUntil: expect.any(String) },
    ]);
    expect(states[1].asleepApiKey).toMatchObject({ alg: 'A256GCM' });
    for (const message of messages) expect(message.value).not.toMatch(/sk-acme-app-spec/);

    const db = new Client({ connectionString: gw.database.url });
    await db.connect();
    const { rows } = await db.query(
      'select api_key_sealed::text as sealed from gateway.tenants where id = $1',
      [tenantId],
    );
    await db.end();
    expect(rows[0].sealed).toContain('A256GCM');
    expect(rows[0].sealed).not.toContain('sk-acme');
  }, 30_000);

  it('creates users through Asleep with the new key and announces creation and deletion on sleep.users.v1', async () => {
    const from = await topicEnds(gw.kafka, Topics.sleepUsers.name);
    const carol = gw.client(await gw.token(tenantId, 'carol', 'member'));
    const { asleepUserId } = await carol.users.create.mutate({
      metadata: { birth_year: 1992, gender: 'female' },
    });
    expect(await gw.sim.hasUser(asleepUserId, KEY_ACME_NEXT)).toBe(true);
    await carol.users.delete.mutate({});
    const messages = await readFrom(gw.kafka, Topics.sleepUsers.name, from, {
      until: (read) => read.filter((m) => m.key === asleepUserId).length >= 2,
    });
    const events = messages
      .filter((m) => m.key === asleepUserId)
      .map((m) => UserEventSchema.parse(JSON.parse(m.value!)));
    expect(events.map((event) => [event.type, event.tenantId])).toEqual([
      ['sleep.user.upserted', tenantId],
      ['sleep.user.deleted', tenantId],
    ]);
    expect(events[0].payload).toMatchObject({
      userId: asleepUserId,
      metadata: { birth_year: 1992 },
    });
    expect(await gw.sim.hasUser(asleepUserId, KEY_ACME_NEXT)).toBe(false);
  }, 30_000);

  it('streams a user’s session progress over SSE and resumes after the last event id, a change-feed cursor', async () => {
    const dan = gw.client(await gw.token(tenantId, 'dan', 'member'));
    const { asleepUserId } = await dan.users.create.mutate({});
    const producer = new BatchingProducer(gw.kafka);
    const progressed = (version: number, receivedEpochs: number): SessionProgressed => ({
      eventId: `20250310140000_live0@${version}`,
      type: SESSION_PROGRESSED,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId,
      key: asleepUserId,
      payload: {
        userId: asleepUserId,
        sessionId: '20250310140000_live0',
        version,
        state: 'OPEN',
        startTime: '2025-03-10T14:00:00+00:00',
        endTime: null,
        createdTimezone: 'Asia/Seoul',
        receivedEpochs,
        epochs: {
          fromEpoch: receivedEpochs - 10,
          sleepStages: Array(10).fill(0),
          snoringStages: Array(10).fill(0),
          breathStages: null,
        },
      },
    });
    const publish = (version: number) =>
      producer.publish(Topics.sleepSessions.name, {
        key: asleepUserId,
        value: JSON.stringify(progressed(version, version * 10)),
      });

    const received: { id: string; data: { analysedEpochs: number | null } }[] = [];
    let done!: () => void;
    const gotTwo = new Promise<void>((resolve) => (done = resolve));
    // From the feed's head as it stands, so nothing published next can slip in before the stream.
    const head = await dan.sync.changes.query({});
    const first = dan.sessions.live.subscribe(
      { cursor: head.cursor },
      {
        onData: (event) => {
          received.push(event);
          if (received.length === 2) done();
        },
      },
    );
    await publish(1);
    await publish(2);
    await gotTwo;
    first.unsubscribe();
    expect(received.map((event) => event.data.analysedEpochs)).toEqual([10, 20]);

    await publish(3);
    const resumed = await new Promise<{ id: string; data: { analysedEpochs: number | null } }>(
      (resolve) => {
        const again = dan.sessions.live.subscribe(
          { lastEventId: received[1].id },
          {
            onData: (event) => {
              again.unsubscribe();
              resolve(event);
            },
          },
        );
      },
    );
    // Event ids are the change feed's cursors: the one after the last event received.
    const [epoch, seq] = received[1].id.split('.');
    expect(resumed).toMatchObject({
      id: `${epoch}.${Number(seq) + 1}`,
      data: { analysedEpochs: 30, kind: 'progress' },
    });
    await producer.disconnect();
  }, 30_000);

  it('ends open subscriptions on shutdown instead of being held open by them', async () => {
    const eve = gw.client(await gw.token(tenantId, 'eve', 'member'));
    await eve.users.create.mutate({});
    eve.sessions.live.subscribe({}, { onData: () => undefined });
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await gw.close();
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 20_000);
});
