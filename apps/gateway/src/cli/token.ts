// gateway token: mints a development JWT the local gateway accepts, optionally with an example call.
import { parseArgs } from 'node:util';
import { PrincipalSchema, RoleSchema } from '@sleep/gateway-api';
import { ConfigError, loadConfig } from '@sleep/service-kit';
import { mintDevToken } from '../auth/dev-token';
import { envSchema } from '../config';

const USAGE = `usage: token --tenant <id> --user <app user id> [--role member|analyst|admin|operator]
             [--ttl <seconds>] [--example <gateway url>]
Signs with JWT_SECRET, JWT_ISSUER and JWT_AUDIENCE, read like the gateway reads them.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string' },
      user: { type: 'string' },
      role: { type: 'string', default: 'member' },
      ttl: { type: 'string', default: String(12 * 3600) },
      example: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.tenant || !values.user) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const principal = PrincipalSchema.safeParse({
    tenantId: values.tenant,
    appUserId: values.user,
    role: values.role,
  });
  const ttlSeconds = Number(values.ttl);
  if (!principal.success || !Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    const fields =
      principal.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
    console.error(
      [
        ...fields,
        `(roles: ${RoleSchema.options.join(', ')}; --ttl: a positive number of seconds)`,
      ].join('\n'),
    );
    return 2;
  }
  const role = principal.data.role;
  const config = loadConfig(envSchema);
  if (config.NODE_ENV === 'production' || !config.JWT_SECRET) {
    console.error(
      'Development tokens need JWT_SECRET (or its development default) outside production.',
    );
    return 1;
  }
  const token = await mintDevToken(
    { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
    { ...principal.data, ttlSeconds },
  );
  if (!values.example) {
    console.log(token);
    return 0;
  }
  const url = values.example.replace(/\/+$/, '');
  console.log(
    `Development token (${role} ${values.user} of tenant ${values.tenant}, valid ${ttlSeconds} s):\n${token}\n`,
  );
  console.log(`Example:\n  curl -H "Authorization: Bearer ${token}" ${url}/api/me`);
  console.log(`  curl -H "Authorization: Bearer ${token}" "${url}/trpc/me"`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigError ? error.message : `token: ${(error as Error).message}`,
    );
    process.exit(1);
  },
);
