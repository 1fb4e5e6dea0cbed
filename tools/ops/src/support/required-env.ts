import { join } from 'node:path';
import { exec, ROOT, type AppName } from './workspace';

/**
 * Variables whose defaults only make sense on a developer's machine (localhost, an embedded
 * database, loopback interface): a deployment must set them when the app reads them.
 */
const LOCAL_DEFAULTS = [
  'HOST',
  'KAFKA_BROKERS',
  'DATABASE_URL',
  'SESSION_SERVICE_URL',
  'ANALYTICS_SERVICE_URL',
];

/** Every app reads DATABASE_URL (the shared base), but webhook-ingest stores nothing in one. */
const WITHOUT_DATABASE: readonly AppName[] = ['webhook-ingest'];

// Read from each app's own zod env schema: the keys it declares, and the ones it rejects when
// production mode is set with nothing else. A child process loads the schema so this tool
// does not import app code.
const PROBE = `
const { envSchema } = require(process.argv[1]);
const shape = Object.keys((envSchema.shape ?? envSchema.def?.in?.shape ?? envSchema._def?.schema?.shape) ?? {});
const result = envSchema.safeParse({ NODE_ENV: 'production' });
const rejected = result.success ? [] : result.error.issues.map((i) => String(i.path[0]));
process.stdout.write(JSON.stringify({ shape, rejected }));
`;

export interface AppEnv {
  /** Every variable the app reads. */
  declared: string[];
  /** What a production deployment must provide. */
  required: string[];
}

export async function appEnv(app: AppName): Promise<AppEnv> {
  const { stdout } = await exec(
    process.execPath,
    ['-r', '@swc-node/register', '-e', PROBE, join(ROOT, 'apps', app, 'src', 'config.ts')],
    { env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') } },
  );
  const { shape, rejected } = JSON.parse(stdout) as { shape: string[]; rejected: string[] };
  const required = new Set(rejected);
  for (const name of LOCAL_DEFAULTS) if (shape.includes(name)) required.add(name);
  if (WITHOUT_DATABASE.includes(app)) required.delete('DATABASE_URL');
  return { declared: shape, required: [...required].sort() };
}
