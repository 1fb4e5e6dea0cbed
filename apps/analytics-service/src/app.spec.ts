import { Topics } from '@sleep/contracts';
import { ANALYTICS_RPC_PREFIX } from '@sleep/analytics-rpc';
import {
  DEVELOPMENT_SERVICE_KEYS,
  ManagementEndpoints,
  ServiceTokenSigner,
} from '@sleep/service-kit';
import { publishSession, untilFactCount, useAnalyticsApp } from './testing/analytics-app';
import { completedEvent, deletedEvent, sleepData, uniqueUserId } from './testing/session-events';

describe('analytics-service in process (real Kafka and Postgres)', () => {
  const tenant = 'acme';
  const service = useAnalyticsApp('app-spec');
  const publish = (userId: string, event: unknown) => publishSession(service, userId, event);
  const facts = (userId: string, n: number) => untilFactCount(service, userId, n);

  it("refuses an RPC call without the gateway's service token with 401", async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: { tenantId: tenant, appUserId: 'u1' } }));
    const path = `${service.url}${ANALYTICS_RPC_PREFIX}/rules?batch=1&input=${input}`;
    expect((await fetch(path)).status).toBe(401);
    expect((await fetch(path, { headers: { 'x-caller': 'gateway' } })).status).toBe(401);
    // analytics-service's own key is trusted by nobody here: only the gateway calls it.
    const analyticsTokens = new ServiceTokenSigner(
      'analytics-service',
      DEVELOPMENT_SERVICE_KEYS['analytics-service'],
    );
    const own = await analyticsTokens.headers('analytics-service');
    expect((await fetch(path, { headers: own })).status).toBe(401);
  });

  it('turns completed sessions into facts and applies deletions from the topic', async () => {
    const userId = uniqueUserId();
    const a = sleepData({ start: '2025-03-10T14:00:00Z' });
    const b = sleepData({ start: '2025-03-11T14:00:00Z' });
    await publish(userId, completedEvent(tenant, userId, a));
    await publish(userId, completedEvent(tenant, userId, b));
    // Redelivered: changes nothing.
    await publish(userId, completedEvent(tenant, userId, a));
    await facts(userId, 2);
    await publish(userId, deletedEvent(tenant, userId, a.session.id, 2));
    await facts(userId, 1);
    const metrics = (await service.app.get(ManagementEndpoints).handle('/metrics')).body;
    expect(metrics).toMatch(/analytics_facts_stored_total(\{[^}]*\})? [1-9]/);
    expect(metrics).toMatch(/kafka_consumed_messages_total/);
  }, 60_000);

  it('sends an event that fails its schema to the DLQ with the reason and keeps going', async () => {
    const userId = uniqueUserId();
    const good = completedEvent(tenant, userId, sleepData({ start: '2025-03-10T14:00:00Z' }));
    const bad = { ...good, payload: { ...good.payload, version: -1 } };
    await publish(userId, bad);
    await publish(userId, good);
    await facts(userId, 1);
    const [letter] = await service.deadLetters.waitFor((m) => m.some((x) => x.key === userId));
    expect(JSON.parse(letter.value ?? '{}')).toMatchObject({
      reason: 'schema-mismatch',
      sourceTopic: Topics.sleepSessions.name,
    });
  }, 60_000);
});
