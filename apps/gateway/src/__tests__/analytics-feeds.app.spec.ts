import { randomBytes } from 'node:crypto';
import {
  INSIGHT_PRODUCED,
  type InsightProduced,
  REPORT_PRODUCED,
  type ReportProduced,
  Topics,
  UserProfileUpdatedSchema,
} from '@sleep/contracts';
import { BatchingProducer } from '@sleep/messaging';
import { readFrom, topicEnds } from '@sleep/testkit';
import { type GatewayFixture, KEY_ACME, KEY_GLOBEX, startGateway } from './gateway-fixture';

const suffix = randomBytes(3).toString('hex');
const acme = `acme-${suffix}`;
const globex = `globex-${suffix}`;

function report(tenantId: string, userId: string, periodKey: string): ReportProduced {
  const reportId = `${userId}:week:${periodKey}`;
  return {
    eventId: `${reportId}@h1`,
    type: REPORT_PRODUCED,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId,
    key: userId,
    payload: { userId, reportId, kind: 'week', periodKey, body: { periodKey } },
  };
}

function insight(tenantId: string, userId: string, rule: string): InsightProduced {
  const insightId = `${rule}:${userId}:2025-W10`;
  return {
    eventId: `${insightId}@warning`,
    type: INSIGHT_PRODUCED,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId,
    key: userId,
    payload: { userId, insightId, rule, severity: 'warning', body: { rule } },
  };
}

type Subscribable = {
  subscribe(
    input: { appUserId?: string },
    handlers: { onData(event: { id: string; data: unknown }): void; onError?(e: unknown): void },
  ): { unsubscribe(): void };
};

/** Collects what a subscription delivers until `count` events arrived. */
function collect(procedure: Subscribable, input: { appUserId?: string }, count: number) {
  const events: { id: string; data: unknown }[] = [];
  let subscription!: { unsubscribe(): void };
  const done = new Promise<typeof events>((resolve, reject) => {
    subscription = procedure.subscribe(input, {
      onData: (event) => {
        events.push(event);
        if (events.length >= count) resolve(events);
      },
      onError: reject,
    });
  });
  return { done, stop: () => subscription.unsubscribe(), events };
}

describe('gateway ⇄ Kafka: analytics feeds (reports and insights over SSE, user profiles)', () => {
  let gw: GatewayFixture;
  let producer: BatchingProducer;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    gw = await startGateway();
    producer = new BatchingProducer(gw.kafka);
    const operator = gw.client(await gw.token('platform', 'olga', 'operator'));
    await operator.platform.tenants.create.mutate({
      id: acme,
      name: 'Acme',
      asleepApiKey: KEY_ACME,
    });
    await operator.platform.tenants.create.mutate({
      id: globex,
      name: 'Globex',
      asleepApiKey: KEY_GLOBEX,
    });
    for (const [tenant, name] of [
      [acme, 'bob'],
      [acme, 'alice'],
      [globex, 'bob'],
    ]) {
      const member = gw.client(await gw.token(tenant, name, 'member'));
      ids[`${tenant}/${name}`] = (await member.users.create.mutate({})).asleepUserId;
    }
  }, 60_000);
  afterAll(async () => {
    await producer?.disconnect();
    await gw?.stop();
  });

  const publish = (topic: string, events: (ReportProduced | InsightProduced)[]) =>
    producer.publish(
      topic,
      events.map((event) => ({ key: event.key, value: JSON.stringify(event) })),
    );

  it('a member gets their own new reports only; an analyst of the tenant gets them too; another tenant’s same-named user gets nothing', async () => {
    const bob = gw.client(await gw.token(acme, 'bob', 'member'));
    const ana = gw.client(await gw.token(acme, 'ana', 'analyst'));
    const otherBob = gw.client(await gw.token(globex, 'bob', 'member'));
    const mine = collect(bob.analytics.live.reports, {}, 1);
    const analysts = collect(ana.analytics.live.reports, { appUserId: 'bob' }, 1);
    const other = collect(otherBob.analytics.live.reports, {}, 1);
    await new Promise((r) => setTimeout(r, 300));

    // Alice's report, then one for acme's bob named in globex (wrong tenant), then bob's own.
    await publish(Topics.sleepReports.name, [
      report(acme, ids[`${acme}/alice`], '2025-W09'),
      report(globex, ids[`${acme}/bob`], '2025-W09'),
      report(acme, ids[`${acme}/bob`], '2025-W10'),
    ]);
    const [got] = await mine.done;
    const [seenByAna] = await analysts.done;
    expect(got.data).toMatchObject({
      kind: 'week',
      periodKey: '2025-W10',
      report: { periodKey: '2025-W10' },
    });
    expect(seenByAna.id).toBe(got.id);
    await new Promise((r) => setTimeout(r, 500));
    expect(mine.events).toHaveLength(1);
    expect(other.events).toHaveLength(0);
    for (const s of [mine, analysts, other]) s.stop();
  }, 30_000);

  it('streams new insights and resumes after the last event id', async () => {
    const bob = gw.client(await gw.token(acme, 'bob', 'member'));
    const first = collect(bob.analytics.live.insights, {}, 1);
    await new Promise((r) => setTimeout(r, 300));
    await publish(Topics.sleepInsights.name, [insight(acme, ids[`${acme}/bob`], 'short-sleep')]);
    const [got] = await first.done;
    first.stop();
    expect(got.data).toMatchObject({ rule: 'short-sleep', severity: 'warning' });

    await publish(Topics.sleepInsights.name, [insight(acme, ids[`${acme}/bob`], 'late-bedtime')]);
    const resumed = await new Promise<{ id: string; data: unknown }>((resolve) => {
      const again = bob.analytics.live.insights.subscribe(
        { lastEventId: got.id },
        {
          onData: (event) => {
            again.unsubscribe();
            resolve(event);
          },
        },
      );
    });
    expect(resumed.data).toMatchObject({ rule: 'late-bedtime' });
  }, 30_000);

  it('refuses a member naming another user of the tenant', async () => {
    const alice = gw.client(await gw.token(acme, 'alice', 'member'));
    const refused = new Promise<unknown>((resolve) => {
      alice.analytics.live.reports.subscribe(
        { appUserId: 'bob' },
        { onData: () => resolve('leaked'), onError: resolve },
      );
    });
    expect(String(await refused)).toMatch(/own data/);
  }, 30_000);

  it('publishes the profile on the compacted sleep.user-profiles.v1 on create and update, and a tombstone on delete', async () => {
    const from = await topicEnds(gw.kafka, Topics.userProfiles.name);
    const carol = gw.client(await gw.token(acme, 'carol', 'member'));
    const { asleepUserId } = await carol.users.create.mutate({
      metadata: { birth_year: 1992, gender: 'female' },
    });
    await carol.users.update.mutate({ metadata: { birth_year: 1993, gender: 'female' } });
    await carol.users.delete.mutate({});
    const messages = (
      await readFrom(gw.kafka, Topics.userProfiles.name, from, {
        until: (read) => read.filter((m) => m.key === asleepUserId).length >= 3,
      })
    ).filter((m) => m.key === asleepUserId);
    const profiles = messages
      .slice(0, 2)
      .map((m) => UserProfileUpdatedSchema.parse(JSON.parse(m.value!)));
    expect(profiles.map((p) => [p.tenantId, p.payload.birthYear, p.payload.gender])).toEqual([
      [acme, 1992, 'female'],
      [acme, 1993, 'female'],
    ]);
    expect(messages[2].value).toBeNull();
  }, 30_000);
});
