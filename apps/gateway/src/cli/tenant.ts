// gateway tenant: creates a tenant on a running gateway (idempotent), as a platform operator.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@sleep/service-kit';
import { mintDevToken } from '../auth/dev-token';
import { envSchema } from '../config';

const USAGE = `usage: tenant --id <tenant id> --asleep-key <key> [--name <name>] [--timezone <IANA zone>]
              [--url <gateway url, default http://127.0.0.1:3000>]
Calls POST /api/platform/tenants with a short-lived development operator token.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      id: { type: 'string' },
      'asleep-key': { type: 'string' },
      name: { type: 'string' },
      timezone: { type: 'string', default: 'UTC' },
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.id || !values['asleep-key']) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig(envSchema);
  if (!config.JWT_SECRET) {
    console.error('This command signs its own operator token: it needs JWT_SECRET (development).');
    return 1;
  }
  const token = await mintDevToken(
    { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
    { tenantId: 'platform', appUserId: 'gateway-cli', role: 'operator', ttlSeconds: 300 },
  );
  const response = await fetch(`${values.url.replace(/\/+$/, '')}/api/platform/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      id: values.id,
      name: values.name ?? values.id,
      defaultTimezone: values.timezone,
      asleepApiKey: values['asleep-key'],
    }),
  });
  const body = (await response.json()) as {
    id?: string;
    keyFingerprint?: string;
    message?: string;
  };
  if (!response.ok) {
    console.error(`tenant ${values.id}: ${response.status} ${body.message ?? ''}`.trim());
    return 1;
  }
  console.log(`tenant ${body.id} ready (key ${body.keyFingerprint})`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigError ? error.message : `tenant: ${(error as Error).message}`,
    );
    process.exit(1);
  },
);
