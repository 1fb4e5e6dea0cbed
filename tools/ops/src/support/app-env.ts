import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publicKeyOf } from '@sleep/messaging';
import type { AppName } from './workspace';

/** Test-only secrets: production mode makes the gateway refuse its built-in development ones. */
export const TEST_SECRETS = {
  JWT_SECRET: 'ops-test-jwt-secret-0123456789abcdef0123456789',
  JWT_ISSUER: 'https://identity.ops-test.example',
  TENANT_KEK: Buffer.alloc(32, 7).toString('base64'),
  EVENT_SIGNING_KEY: Buffer.alloc(32, 9).toString('base64'),
  // Required in production; the gateway boots and counts per replica while it is unreachable.
  REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
};

/** A fresh Ed25519 key per caller: production refuses the development service keys. */
function serviceKey(kid: string) {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  return { ...jwk, kid };
}
const GATEWAY_KEY = serviceKey('gateway-ops-test');
const ANALYTICS_KEY = serviceKey('analytics-service-ops-test');
const publicHalf = ({ d: _d, ...key }: ReturnType<typeof serviceKey>) => key;

/** The service-token keys each app is given: its own private key, its callers' public ones. */
const SERVICE_KEYS: Record<AppName, NodeJS.ProcessEnv> = {
  gateway: { SERVICE_TOKEN_KEY: JSON.stringify(GATEWAY_KEY) },
  'webhook-ingest': {},
  'session-service': {
    SERVICE_TOKEN_TRUSTED_KEYS: JSON.stringify({
      gateway: [publicHalf(GATEWAY_KEY)],
      'analytics-service': [publicHalf(ANALYTICS_KEY)],
    }),
  },
  'analytics-service': {
    SERVICE_TOKEN_TRUSTED_KEYS: JSON.stringify({ gateway: [publicHalf(GATEWAY_KEY)] }),
  },
};

/** Every consumer of announcements verifies them with the public key of the gateway's seed. */
const EVENT_VERIFY_KEYS = publicKeyOf(TEST_SECRETS.EVENT_SIGNING_KEY);

/**
 * The tests' broker is shared: on its default group an app would join other suites' copies of
 * it, which would take partitions (and the events on them, into another database) and stall it
 * with a rebalance at each join and leave. Each keeps the default's prefix, which the Kafka ACLs
 * grant.
 */
export function ownConsumerGroups(app: AppName): NodeJS.ProcessEnv {
  const suffix = randomBytes(4).toString('hex');
  switch (app) {
    case 'gateway':
      return { CHANGE_LEDGER_GROUP: `gateway-change-ledger-ops-${suffix}` };
    case 'session-service':
      return { SESSION_GROUP_ID: `session-service-ops-${suffix}` };
    case 'analytics-service':
      return { ANALYTICS_GROUP_ID: `analytics-service-ops-${suffix}` };
    case 'webhook-ingest':
      return {};
  }
}

/** What a deployment gives an app: the real broker and database, production mode. */
export function productionEnv(app: AppName): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
    DATABASE_URL: process.env['TEST_DATABASE_URL'],
    STATE_DIR: mkdtempSync(join(tmpdir(), `${app}-state-`)),
    LOG_LEVEL: 'info',
    EVENT_VERIFY_KEYS,
    ...(app === 'gateway' ? TEST_SECRETS : {}),
    ...ownConsumerGroups(app),
    ...(app === 'session-service' ? { TENANT_KEK: TEST_SECRETS.TENANT_KEK } : {}),
    ...SERVICE_KEYS[app],
  };
}
