import { randomBytes } from 'node:crypto';
import { Topics } from '@sleep/contracts';
import { createKafka, type Kafka } from '@sleep/messaging';
import { startGroupAtEnd } from '@sleep/testkit';
import { SESSION_RPC_PREFIX, type SessionRouter } from '@sleep/session-rpc';
import { DEVELOPMENT_SERVICE_KEYS, ServiceTokenSigner } from '@sleep/service-kit';
import { createTRPCClient, httpBatchLink } from '@trpc/client';

const gatewayTokens = new ServiceTokenSigner('gateway', DEVELOPMENT_SERVICE_KEYS['gateway']);
import { type AppProcess, startApp, waitForStatus } from '@sleep/testkit';

export const brokers = () => process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';

export function testKafka(clientId: string): Kafka {
  return createKafka({ brokers: brokers(), clientId, logLevel: 'error' });
}

/** A consumer group id of its own, started at the topics' current ends (not the shared history). */
export async function freshGroup(kafka: Kafka, prefix: string): Promise<string> {
  const groupId = `${prefix}-${randomBytes(4).toString('hex')}`;
  await startGroupAtEnd(kafka, groupId, [Topics.asleepWebhooks.name]);
  await startGroupAtEnd(kafka, `${groupId}.users`, [Topics.sleepUsers.name]);
  await startGroupAtEnd(kafka, `${groupId}.commands`, [Topics.sessionCommands.name]);
  return groupId;
}

/** session-service as production runs it, a process of its own; ready once its consumers joined. */
export async function startSessionService(env: Record<string, string>): Promise<AppProcess> {
  const app = await startApp('session-service', {
    LOG_LEVEL: 'warn',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    ...env,
  });
  await waitForStatus(app, '/health/ready', 200, 60_000);
  return app;
}

export function sessionRpc(app: AppProcess) {
  return createTRPCClient<SessionRouter>({
    links: [
      httpBatchLink({
        url: `${app.url}${SESSION_RPC_PREFIX}`,
        maxURLLength: 6_000,
        // The calls the gateway makes, with the gateway's development service token.
        headers: () => gatewayTokens.headers('session-service'),
      }),
    ],
  });
}
