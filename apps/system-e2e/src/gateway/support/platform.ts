import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AsleepSim, startAsleepSim } from '@sleep/asleep-sim';
import { Topics } from '@sleep/contracts';
import { createKafka, ensureTopics, type Kafka } from '@sleep/messaging';
import { startGroupAtEnd } from '@sleep/testkit';
import { startApp, waitForStatus, type AppProcess } from '@sleep/testkit';
import { createTenant, gatewayJwtEnv } from './dev-tokens';

export interface Platform {
  sim: AsleepSim;
  key: string;
  tenantId: string;
  gateway: AppProcess;
  ingest: AppProcess;
  sessions: AppProcess;
  /** session-service's consumer group on `asleep.webhooks.v1`. */
  sessionsGroup: string;
  /** Started only when asked for (`startPlatform({ analytics: true })`). */
  analytics?: AppProcess;
  kafka: Kafka;
  webhookUrl: string;
  stop(): Promise<void>;
}

/**
 * webhook-ingest, session-service and the gateway as real processes on the shared broker and
 * database, Asleep simulated. The tenant is created through the gateway only: webhook-ingest
 * and session-service are given no key and learn it (digest, sealed key) from `platform.tenants.v1`.
 */
export async function startPlatform(
  options: {
    analytics?: boolean;
    sessionsEnv?: NodeJS.ProcessEnv;
    gatewayEnv?: NodeJS.ProcessEnv;
  } = {},
): Promise<Platform> {
  const key = `sk-e2e-${randomBytes(8).toString('hex')}`;
  const tenantId = `e2e-${randomBytes(3).toString('hex')}`;
  const group = `e2e-sessions-${randomBytes(4).toString('hex')}`;
  const kafka = createKafka({
    brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
    clientId: 'gateway-e2e',
    logLevel: 'error',
  });
  if (options.analytics) {
    // A fresh broker may not have the session topics yet: the services create them at boot.
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin);
    await admin.disconnect();
  }
  // Leaders of just-created topics may still be moving: retried.
  const atEnd = async (groupId: string, topic: string) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await startGroupAtEnd(kafka, groupId, [topic]);
      } catch (error) {
        if (attempt === 20) throw error;
        await sleep(500);
      }
    }
  };
  await Promise.all([
    atEnd(group, Topics.asleepWebhooks.name),
    atEnd(`${group}.users`, Topics.sleepUsers.name),
    atEnd(`${group}.commands`, Topics.sessionCommands.name),
    // The gateway's change-ledger groups, placed at the end like the others: a partition with
    // nothing committed yet would start over at the newest offset after a rebalance.
    ...[Topics.sleepSessions, Topics.sleepReports, Topics.sleepInsights].map((topic) =>
      atEnd(`${group}-change-ledger-${topic.name}`, topic.name),
    ),
    ...(options.analytics
      ? [
          atEnd(`${group}-analytics.sessions`, Topics.sleepSessions.name),
          atEnd(`${group}-analytics.users`, Topics.sleepUsers.name),
        ]
      : []),
  ]);
  // A seed per platform: ids are minted from the seed and the second, and suites running at the
  // same time share the broker (one user id under two tenants would cross their topics).
  const sim = await startAsleepSim({ apiKeys: [key], seed: randomInt(1, 2 ** 31) });
  const [ingest, sessions] = await Promise.all([
    startApp('webhook-ingest', { WEBHOOK_API_KEYS: '', LOG_LEVEL: 'warn' }),
    startApp('session-service', {
      ASLEEP_BASE_URL: sim.url,
      SESSION_GROUP_ID: group,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'warn',
      ...options.sessionsEnv,
    }),
  ]);
  const analytics = options.analytics
    ? await startApp('analytics-service', {
        ANALYTICS_GROUP_ID: `${group}-analytics`,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        LOG_LEVEL: 'warn',
      })
    : undefined;
  const gateway = await startApp('gateway', {
    // Without analytics-service, an address nobody listens on: stats.average asks Asleep.
    ANALYTICS_SERVICE_URL: analytics?.url ?? 'http://127.0.0.1:9',
    ...gatewayJwtEnv,
    ASLEEP_BASE_URL: sim.url,
    SESSION_SERVICE_URL: sessions.url,
    ASLEEP_BREAKER_RESET_MS: '30000',
    ASLEEP_MAX_RETRIES: '1',
    // A group of its own: another gateway on the broker (another suite's, on another database)
    // would otherwise take some partitions of the feed and drop their events.
    CHANGE_LEDGER_GROUP: `${group}-change-ledger`,
    LOG_LEVEL: 'warn',
    ...options.gatewayEnv,
  });
  const stop = async () => {
    await Promise.all(
      [gateway, ingest, sessions, ...(analytics ? [analytics] : [])].map((app) =>
        app.stop('SIGKILL'),
      ),
    );
    await sim.stop();
  };
  try {
    await Promise.all(
      [ingest, sessions, gateway, ...(analytics ? [analytics] : [])].map((app) =>
        waitForStatus(app, '/health/ready', 200, 180_000),
      ),
    );
    await createTenant(gateway.url, {
      id: tenantId,
      name: 'E2E',
      asleepApiKey: key,
      defaultTimezone: 'UTC',
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    sim,
    key,
    tenantId,
    gateway,
    ingest,
    sessions,
    sessionsGroup: group,
    analytics,
    kafka,
    webhookUrl: `${ingest.url}/v1/webhooks/asleep`,
    stop,
  };
}
