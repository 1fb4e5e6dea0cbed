import { randomBytes } from 'node:crypto';
import { Topics, USER_DELETED, type UserDeleted } from '@sleep/contracts';
import { BatchingProducer } from '@sleep/messaging';
import { parsePrometheusText } from '@sleep/observability/testing';
import { type RedisServer, startRedisServer } from '@sleep/testkit';
import Redis from 'ioredis';
import { type GatewayFixture, KEY_GLOBEX, startGateway } from './gateway-fixture';

const tenantId = `limits-${randomBytes(3).toString('hex')}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** How a subscription over SSE ends: 'open' while it runs, else the error code it ended with. */
function watch(client: ReturnType<GatewayFixture['client']>, appUserId?: string) {
  let outcome = 'open';
  let ended!: () => void;
  const done = new Promise<void>((resolve) => (ended = resolve));
  const subscription = client.sessions.live.subscribe(
    { appUserId },
    {
      onError: (error) => {
        outcome = (error.data as { code?: string } | undefined)?.code ?? error.message;
        ended();
      },
      onComplete: () => {
        if (outcome === 'open') outcome = 'complete';
        ended();
      },
    },
  );
  return {
    outcome: () => outcome,
    done,
    close: () => subscription.unsubscribe(),
  };
}

describe('gateway limits over HTTP: batches, streams, refusals', () => {
  let gw: GatewayFixture;
  let redis: RedisServer;
  let admin: string;

  /** Waits until this replica counts exactly `count` open streams (its own gauge). */
  async function streamsOpen(count: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const metrics = parsePrometheusText((await gw.management('/metrics')).body);
      const family = metrics.find((m) => m.name === 'gateway_open_streams');
      const open = Number(family?.metrics[0]?.value);
      if (open === count) return;
      if (Date.now() > deadline) throw new Error(`${open} streams open, not ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    redis = await startRedisServer();
    gw = await startGateway({
      REDIS_URL: redis.url,
      TRPC_MAX_BATCH_SIZE: '3',
      SSE_MAX_STREAMS_PER_USER: '1',
      ASLEEP_REQUEST_TIMEOUT_MS: '5000',
    });
    const operator = gw.client(await gw.token('platform', 'olga', 'operator'));
    await operator.platform.tenants.create.mutate({
      id: tenantId,
      name: 'Limits',
      asleepApiKey: KEY_GLOBEX,
    });
    admin = await gw.token(tenantId, 'adam', 'admin');
    for (const name of ['bob', 'carol', 'dave'])
      await gw.client(await gw.token(tenantId, name, 'member')).users.create.mutate({});
  }, 120_000);
  afterAll(async () => {
    await gw?.stop();
    await redis?.stop();
  }, 30_000);

  it('refuses a tRPC batch over the cap with 400, GET and POST alike', async () => {
    const headers = { authorization: `Bearer ${admin}` };
    const ok = await fetch(`${gw.url}/trpc/me,me,me?batch=1&input={}`, { headers });
    expect(ok.status).toBe(200);
    const get = await fetch(`${gw.url}/trpc/me,me,me,me?batch=1&input={}`, { headers });
    expect(get.status).toBe(400);
    expect(JSON.stringify(await get.json())).toMatch(/Batch call exceeds maximum size/);
    const post = await fetch(`${gw.url}/trpc/users.create,users.create,users.create,me?batch=1`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(400);
  });

  it('refuses a second stream of one user with TOO_MANY_REQUESTS; others still open theirs', async () => {
    const bob = gw.client(await gw.token(tenantId, 'bob', 'member'));
    await streamsOpen(0);
    const first = watch(bob);
    await streamsOpen(1);
    const second = watch(bob);
    await second.done;
    expect(second.outcome()).toBe('TOO_MANY_REQUESTS');
    const carol = watch(gw.client(await gw.token(tenantId, 'carol', 'member')));
    await streamsOpen(2);
    expect([first.outcome(), carol.outcome()]).toEqual(['open', 'open']);
    first.close();
    carol.close();
  }, 30_000);

  it('ends a stream when its token expires', async () => {
    const short = await gw.token(tenantId, 'dave', 'member', { ttlSeconds: 2 });
    const stream = watch(gw.client(short));
    await stream.done;
    expect(stream.outcome()).toBe('UNAUTHORIZED');
  }, 30_000);

  it('ends a stream when a newer token of the caller carries another role, here or on another replica', async () => {
    const older = await gw.token(tenantId, 'ana', 'analyst', {
      issuedAtSeconds: nowSeconds() - 60,
    });
    await streamsOpen(0);
    const watching = watch(gw.client(older), 'bob');
    await streamsOpen(1);
    const newer = await gw.token(tenantId, 'ana', 'member', { issuedAtSeconds: nowSeconds() - 30 });
    await fetch(`${gw.url}/api/me`, { headers: { authorization: `Bearer ${newer}` } });
    await watching.done;
    expect(watching.outcome()).toBe('UNAUTHORIZED');

    // Another replica saw the newer token: it says so over Redis.
    const eve = await gw.token(tenantId, 'eve', 'analyst', { issuedAtSeconds: nowSeconds() - 60 });
    await streamsOpen(0);
    const eveWatching = watch(gw.client(eve), 'bob');
    await streamsOpen(1);
    const publisher = new Redis(redis.url);
    await publisher.publish(
      'gateway:tokens',
      JSON.stringify({
        tenantId,
        appUserId: 'eve',
        role: 'member',
        issuedAtMs: Date.now(),
        from: 'another-replica',
      }),
    );
    publisher.disconnect();
    await eveWatching.done;
    expect(eveWatching.outcome()).toBe('UNAUTHORIZED');
  }, 30_000);

  it('ends the streams of a user whose deletion arrives on the user topic', async () => {
    const dave = gw.client(await gw.token(tenantId, 'dave', 'member'));
    const { asleepUserId } = await dave.users.get.query({});
    await streamsOpen(0);
    const stream = watch(dave);
    await streamsOpen(1);
    const deleted: UserDeleted = {
      eventId: `deleted-${asleepUserId}`,
      type: USER_DELETED,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId,
      key: asleepUserId,
      payload: { userId: asleepUserId },
    };
    const producer = new BatchingProducer(gw.kafka);
    await producer.publish(Topics.sleepUsers.name, {
      key: asleepUserId,
      value: JSON.stringify(deleted),
    });
    await producer.disconnect();
    await stream.done;
    expect(stream.outcome()).toBe('NOT_FOUND');
  }, 30_000);

  it('counts refusals and stream ends by reason in /metrics, without tenant labels', async () => {
    const metrics = parsePrometheusText((await gw.management('/metrics')).body);
    const series = (name: string) =>
      metrics.find((family) => family.name === name)?.metrics.map((metric) => metric.labels) ?? [];
    const byReason = (...reasons: string[]) =>
      expect.arrayContaining(reasons.map((reason) => ({ service: 'gateway', reason })));
    expect(series('gateway_refusals_total')).toEqual(byReason('batch_size', 'user_streams'));
    expect(series('gateway_streams_closed_total')).toEqual(
      byReason('token_expired', 'role_changed', 'user_deleted'),
    );
    for (const labels of series('gateway_refusals_total'))
      expect(Object.keys(labels ?? {}).sort()).toEqual(['reason', 'service']);
    const shared = metrics.find((family) => family.name === 'gateway_rate_limits_shared');
    expect(shared?.metrics[0].value).toBe('1');
  });
});
