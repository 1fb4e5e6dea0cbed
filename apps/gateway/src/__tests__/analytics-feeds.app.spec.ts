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
import {
  type GatewayFixture,
  KEY_ACME,
  KEY_GLOBEX,
  startGateway,
  GATEWAY_SETUP_TIMEOUT_MS,
} from './gateway-fixture';

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

type LiveInput = { appUserId?: string; cursor?: string; lastEventId?: string };
type Subscribable = {
  subscribe(
    input: LiveInput,
    handlers: { onData(event: { id: string; data: unknown }): void; onError?(e: unknown): void },
  ): { unsubscribe(): void };
};
type Client = GatewayFixture extends { client(token: string): infer C } ? C : never;

/** Collects what a subscription delivers until `count` events arrived. */
function collect(procedure: Subscribable, input: LiveInput, count: number) {
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

/** The head of the caller's feed: streams opened from it miss nothing however late they connect. */
async function headOf(client: Client): Promise<string> {
  for (let cursor: string | undefined; ; ) {
    const page = await client.sync.changes.query({ cursor, limit: 500 });
    if (page.status === 'resync') return page.cursor;
    if (!page.hasMore) return page.cursor;
    cursor = page.cursor;
  }
}

describe('gateway ⇄ Kafka: analytics feeds (reports and insights over SSE from the change feed, user profiles)', () => {
  let gw: GatewayFixture;
  let restarted: GatewayFixture | undefined;
  let replica: GatewayFixture | undefined;
  let producer: BatchingProducer;
  const ids: Record<string, string> = {};
  const env = { CHANGE_LEDGER_GROUP: `gateway-change-ledger-${suffix}` };

  beforeAll(async () => {
    gw = await startGateway(env);
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
  }, GATEWAY_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await producer?.disconnect();
    await replica?.stop();
    await restarted?.stop();
    await gw?.stop();
  }, 60_000);

  const publish = (topic: string, events: (ReportProduced | InsightProduced)[]) =>
    producer.publish(
      topic,
      events.map((event) => ({ key: event.key, value: JSON.stringify(event) })),
    );

  it('a member gets their own new reports only, with their bodies; an analyst of the tenant gets them too, with the same ids; another tenant’s same-named user gets only theirs', async () => {
    const bob = gw.client(await gw.token(acme, 'bob', 'member'));
    const ana = gw.client(await gw.token(acme, 'ana', 'analyst'));
    const otherBob = gw.client(await gw.token(globex, 'bob', 'member'));
    const [acmeFrom, globexFrom] = [await headOf(ana), await headOf(otherBob)];
    const mine = collect(bob.analytics.live.reports, { cursor: acmeFrom }, 1);
    const analysts = collect(ana.analytics.live.reports, { appUserId: 'bob', cursor: acmeFrom }, 1);
    const other = collect(otherBob.analytics.live.reports, { cursor: globexFrom }, 1);

    // Alice's report, one for acme's bob named in globex (wrong tenant), bob's own, globex bob's.
    await publish(Topics.sleepReports.name, [
      report(acme, ids[`${acme}/alice`], '2025-W09'),
      report(globex, ids[`${acme}/bob`], '2025-W09'),
      report(acme, ids[`${acme}/bob`], '2025-W10'),
      report(globex, ids[`${globex}/bob`], '2025-W11'),
    ]);
    // Each stream's first event is the first of its own: nothing earlier leaked in.
    const [got] = await mine.done;
    const [seenByAna] = await analysts.done;
    const [othersFirst] = await other.done;
    expect(got.data).toMatchObject({
      reportId: `${ids[`${acme}/bob`]}:week:2025-W10`,
      kind: 'week',
      periodKey: '2025-W10',
      report: { periodKey: '2025-W10' },
    });
    expect(seenByAna).toEqual(got);
    expect(othersFirst.data).toMatchObject({ periodKey: '2025-W11' });
    for (const s of [mine, analysts, other]) s.stop();
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

  it('resumes reports and insights after the last event id, exactly, across a gateway restart', async () => {
    const bob = gw.client(await gw.token(acme, 'bob', 'member'));
    const from = await headOf(bob);
    const insights = collect(bob.analytics.live.insights, { cursor: from }, 1);
    const reports = collect(bob.analytics.live.reports, { cursor: from }, 1);
    await publish(Topics.sleepInsights.name, [insight(acme, ids[`${acme}/bob`], 'short-sleep')]);
    await publish(Topics.sleepReports.name, [report(acme, ids[`${acme}/bob`], '2025-W12')]);
    const [lastInsight] = await insights.done;
    const [lastReport] = await reports.done;
    expect(lastInsight.data).toMatchObject({
      rule: 'short-sleep',
      severity: 'warning',
      insight: { rule: 'short-sleep' },
    });
    expect(lastReport.data).toMatchObject({
      periodKey: '2025-W12',
      report: { periodKey: '2025-W12' },
    });

    // Streams left open must not hold the shutdown up; what happens meanwhile is kept.
    await gw.close();
    insights.stop();
    reports.stop();
    await publish(Topics.sleepInsights.name, [
      insight(acme, ids[`${acme}/bob`], 'late-bedtime'),
      insight(acme, ids[`${acme}/alice`], 'late-bedtime'),
      insight(acme, ids[`${acme}/bob`], 'long-latency'),
    ]);
    await publish(Topics.sleepReports.name, [report(acme, ids[`${acme}/bob`], '2025-W13')]);
    restarted = await startGateway(env, { database: gw.database });
    const bobAgain = restarted.client(await restarted.token(acme, 'bob', 'member'));
    const missedInsights = collect(
      bobAgain.analytics.live.insights,
      { lastEventId: lastInsight.id },
      2,
    );
    const missedReports = collect(
      bobAgain.analytics.live.reports,
      { lastEventId: lastReport.id },
      1,
    );
    const gotInsights = await missedInsights.done;
    const [gotReport] = await missedReports.done;
    missedInsights.stop();
    missedReports.stop();

    // Exactly the feed's next changes of each kind after the last event id: no gap, no repeat.
    const next = async (cursor: string, type: 'insight.created' | 'report.created') => {
      const page = await bobAgain.sync.changes.query({ cursor, types: [type] });
      if (page.status !== 'changes') throw new Error(page.reason);
      return page.changes.map((change) => [change.cursor, change.subjectId]);
    };
    expect(gotInsights.map((e) => [e.id, (e.data as { insightId: string }).insightId])).toEqual(
      await next(lastInsight.id, 'insight.created'),
    );
    expect(gotInsights.map((e) => (e.data as { rule: string }).rule)).toEqual([
      'late-bedtime',
      'long-latency',
    ]);
    expect([[gotReport.id, (gotReport.data as { reportId: string }).reportId]]).toEqual(
      await next(lastReport.id, 'report.created'),
    );
    expect(gotReport.data).toMatchObject({
      periodKey: '2025-W13',
      report: { periodKey: '2025-W13' },
    });
  }, 90_000);

  it('ends a stream whose cursor the feed does not know with PRECONDITION_FAILED, and refuses one that is not a cursor', async () => {
    const client = (restarted ?? gw).client(await gw.token(acme, 'bob', 'member'));
    const failure = (input: LiveInput) =>
      new Promise<unknown>((resolve) => {
        const subscription = client.analytics.live.reports.subscribe(input, {
          onData: () => resolve('streamed'),
          onError: (error) => {
            subscription.unsubscribe();
            resolve(error);
          },
        });
      });
    const unknown = await failure({ lastEventId: 'abc123.999999' });
    expect(unknown).toMatchObject({ data: { code: 'PRECONDITION_FAILED' } });
    expect(String(unknown)).toMatch(/cursor_unknown.*sync\.changes/);
    const malformed = await failure({ cursor: 'not a cursor' });
    expect(malformed).toMatchObject({ data: { code: 'BAD_REQUEST' } });
    expect(String(malformed)).toContain('cursor');
  }, 30_000);

  it('streams on every replica what any replica appended, with the same ids', async () => {
    const first = restarted ?? gw;
    replica = await startGateway(env, { database: gw.database });
    const token = await gw.token(acme, 'bob', 'member');
    const [onFirst, onReplica] = [first.client(token), replica.client(token)];
    const from = await headOf(onFirst);
    const streams = [onFirst, onReplica].map((client) =>
      collect(client.analytics.live.insights, { cursor: from }, 3),
    );
    const rules = ['early-wake', 'late-meal', 'low-efficiency'];
    await publish(
      Topics.sleepInsights.name,
      rules.map((rule) => insight(acme, ids[`${acme}/bob`], rule)),
    );
    const [a, b] = await Promise.all(streams.map((stream) => stream.done));
    for (const stream of streams) stream.stop();
    expect(a.map((e) => (e.data as { rule: string }).rule)).toEqual(rules);
    expect(b).toEqual(a);
  }, 90_000);
});
