import { randomBytes } from 'node:crypto';
import { type AsleepSim, startAsleepSim } from '@sleep/asleep-sim';
import { Topics } from '@sleep/contracts';
import { createKafka, type Kafka } from '@sleep/messaging';
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
  kafka: Kafka;
  webhookUrl: string;
  stop(): Promise<void>;
}

/**
 * webhook-ingest, session-service and the gateway as real processes on the shared broker and
 * database, Asleep simulated. The tenant is created through the gateway only: webhook-ingest
 * is given no key and learns it from `platform.tenants.v1`.
 */
export async function startPlatform(): Promise<Platform> {
  const key = `sk-e2e-${randomBytes(8).toString('hex')}`;
  const tenantId = `e2e-${randomBytes(3).toString('hex')}`;
  const group = `e2e-sessions-${randomBytes(4).toString('hex')}`;
  const kafka = createKafka({
    brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
    clientId: 'gateway-e2e',
    logLevel: 'error',
  });
  await Promise.all([
    startGroupAtEnd(kafka, group, [Topics.asleepWebhooks.name]),
    startGroupAtEnd(kafka, `${group}.users`, [Topics.sleepUsers.name]),
    startGroupAtEnd(kafka, `${group}.commands`, [Topics.sessionCommands.name]),
  ]);
  const sim = await startAsleepSim({ apiKeys: [key], seed: 21 });
  const [ingest, sessions] = await Promise.all([
    startApp('webhook-ingest', { WEBHOOK_API_KEYS: '', LOG_LEVEL: 'warn' }),
    startApp('session-service', {
      ASLEEP_BASE_URL: sim.url,
      ASLEEP_API_KEYS: `${tenantId}:${key}`,
      SESSION_GROUP_ID: group,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'warn',
    }),
  ]);
  const gateway = await startApp('gateway', {
    ...gatewayJwtEnv,
    ASLEEP_BASE_URL: sim.url,
    SESSION_SERVICE_URL: sessions.url,
    ASLEEP_BREAKER_RESET_MS: '30000',
    ASLEEP_MAX_RETRIES: '1',
    LOG_LEVEL: 'warn',
  });
  const stop = async () => {
    await Promise.all([gateway, ingest, sessions].map((app) => app.stop('SIGKILL')));
    await sim.stop();
  };
  try {
    await Promise.all(
      [ingest, sessions, gateway].map((app) => waitForStatus(app, '/health/ready', 200, 90_000)),
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
    kafka,
    webhookUrl: `${ingest.url}/v1/webhooks/asleep`,
    stop,
  };
}
