import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

export const DEMO_TENANT = 'demo';
export const DEMO_ASLEEP_KEY = 'demo-asleep-key';
export const DEMO_SIM_PORT = Number(process.env['DEMO_SIM_PORT'] ?? 4010);

const tsEntry = (root: string, file: string) => ['-r', '@swc-node/register', join(root, file)];
const tsEnv = (root: string, env: NodeJS.ProcessEnv) => ({
  ...env,
  SWC_NODE_PROJECT: join(root, 'tsconfig.base.json'),
});

/** What the services need to talk to the simulated Asleep platform instead of the real one. */
export function demoEnv(): NodeJS.ProcessEnv {
  const simUrl = `http://127.0.0.1:${DEMO_SIM_PORT}`;
  return {
    ASLEEP_BASE_URL: simUrl,
    WEBHOOK_API_KEYS: `${DEMO_TENANT}:${DEMO_ASLEEP_KEY}`,
  };
}

/**
 * The simulated Asleep platform, playing realistic nights of the users registered through the
 * gateway into webhook-ingest, on an accelerated clock, until stopped.
 */
export function startDemoTraffic(
  root: string,
  ingestUrl: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
): ChildProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(
    process.execPath,
    [
      ...tsEntry(root, 'tools/asleep-sim/src/cli.ts'),
      'demo',
      '--port',
      String(DEMO_SIM_PORT),
      '--api-key',
      DEMO_ASLEEP_KEY,
      '--webhook-url',
      `${ingestUrl}/v1/webhooks/asleep`,
      '--registered-users',
      '--days-back',
      '30',
      '--speed',
      process.env['DEMO_SPEED'] ?? '600',
    ],
    { cwd: root, env: tsEnv(root, env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

/** A development token of the demo tenant's admin, as the gateway's token command mints it. */
export function mintDemoAdminToken(root: string, env: NodeJS.ProcessEnv): string {
  const result = spawnSync(
    process.execPath,
    [
      ...tsEntry(root, 'apps/gateway/src/cli/token.ts'),
      '--tenant',
      DEMO_TENANT,
      '--user',
      'demo-admin',
      '--role',
      'admin',
    ],
    { cwd: root, env: tsEnv(root, env), encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`could not mint a token: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/**
 * Creates the demo tenant through the gateway's platform API (idempotent). Without the simulator
 * its Asleep key is a placeholder, so only calls that need Asleep itself fail.
 */
export function registerDemoTenant(root: string, gatewayUrl: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync(
    process.execPath,
    [
      ...tsEntry(root, 'apps/gateway/src/cli/tenant.ts'),
      '--id',
      DEMO_TENANT,
      '--asleep-key',
      DEMO_ASLEEP_KEY,
      '--url',
      gatewayUrl,
    ],
    { cwd: root, env: tsEnv(root, env), encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`could not create tenant demo: ${result.stderr.trim()}`);
}
