import { randomBytes } from 'node:crypto';
import {
  SESSION_PROGRESSED,
  type SessionProgressed,
  type SyncChangesPage,
  Topics,
} from '@sleep/contracts';
import { BatchingProducer } from '@sleep/messaging';
import { type GatewayFixture, KEY_ACME, startGateway } from './gateway-fixture';

const suffix = randomBytes(3).toString('hex');
const tenantId = `group-${suffix}`;
const USERS = 12;

const progressed = (userId: string): SessionProgressed => ({
  eventId: `${userId}-night@1`,
  type: SESSION_PROGRESSED,
  version: 1,
  occurredAt: new Date().toISOString(),
  tenantId,
  key: userId,
  payload: {
    userId,
    sessionId: `${userId}-night`,
    version: 1,
    state: 'OPEN',
    startTime: '2026-12-01T23:00:00+00:00',
    endTime: null,
    createdTimezone: 'UTC',
    receivedEpochs: 10,
    epochs: {
      fromEpoch: 0,
      sleepStages: Array(10).fill(1),
      snoringStages: Array(10).fill(0),
      breathStages: null,
    },
  },
});

// Test suites run side by side on one broker, each gateway on a database of its own. Replicas of
// one gateway share its change-ledger group; another database's gateway in that group would take
// some partitions and drop their events (it knows none of their users).
describe('gateways of two databases on one broker', () => {
  let ours: GatewayFixture;
  let other: GatewayFixture;
  let producer: BatchingProducer;

  beforeAll(async () => {
    ours = await startGateway();
    other = await startGateway();
    producer = new BatchingProducer(ours.kafka);
  }, 180_000);
  afterAll(async () => {
    await producer?.disconnect();
    await other?.stop();
    await ours?.stop();
  });

  it('each write every event of their own tenants to their own change feed', async () => {
    const operator = ours.client(await ours.token('platform', 'olga', 'operator'));
    await operator.platform.tenants.create.mutate({
      id: tenantId,
      name: 'G',
      asleepApiKey: KEY_ACME,
    });
    const users: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const member = ours.client(await ours.token(tenantId, `user-${i}`, 'member'));
      users.push((await member.users.create.mutate({})).asleepUserId);
    }
    // Keyed by user: the events spread over the topic's partitions.
    await producer.publish(
      Topics.sleepSessions.name,
      users.map((userId) => ({ key: userId, value: JSON.stringify(progressed(userId)) })),
    );
    const admin = ours.client(await ours.token(tenantId, 'adam', 'admin'));
    const written = new Set<string>();
    const deadline = Date.now() + 30_000;
    while (written.size < USERS && Date.now() < deadline) {
      const page = (await admin.sync.changes.query({ limit: 500 })) as SyncChangesPage;
      for (const change of page.changes) written.add(change.subjectId);
      if (written.size < USERS) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect([...written].sort()).toEqual(users.map((userId) => `${userId}-night`).sort());
  }, 90_000);
});
