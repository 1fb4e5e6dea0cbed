import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppName } from './workspace';

/** Test-only secrets: production mode makes the gateway refuse its built-in development ones. */
export const TEST_SECRETS = {
  JWT_SECRET: 'ops-test-jwt-secret-0123456789abcdef0123456789',
  TENANT_KEK: Buffer.alloc(32, 7).toString('base64'),
  // Required in production; the gateway boots and counts per replica while it is unreachable.
  REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
};

/** What a deployment gives an app: the real broker and database, production mode. */
export function productionEnv(app: AppName): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
    DATABASE_URL: process.env['TEST_DATABASE_URL'],
    STATE_DIR: mkdtempSync(join(tmpdir(), `${app}-state-`)),
    LOG_LEVEL: 'info',
    ...(app === 'gateway' ? TEST_SECRETS : {}),
  };
}
