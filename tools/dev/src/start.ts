// `npm start`: the whole system on one machine: a Kafka broker, the database (DATABASE_URL, or
// one PostgreSQL server under STATE_DIR shared by the services), and the four apps.
// Ctrl-C stops all of it. `npm start -- --demo` adds the Asleep simulator playing the nights of
// users registered through the gateway, as a product would.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startBroker } from '@sleep/kafka-broker';
import { buildConsole } from './console-build';
import {
  DATABASE_TENANTS,
  DEFAULT_DEV_POSTGRES_PORT,
  devDataDir,
  startDevDatabase,
} from './dev-database';
import { demoEnv, mintDemoAdminToken, registerDemoTenant, startDemoTraffic } from './dev-extras';
import type { LaunchMode } from './service-launch';
import {
  managementPortEnvName,
  portEnvName,
  SERVICES,
  spawnService,
  stopService,
  waitReady,
  type RunningService,
} from './services';
import {
  firstCalls,
  firstCompleteNight,
  formatExamples,
  readNightCall,
  registerDemoUsers,
} from './walkthrough';

const root = process.cwd();
const demo = process.argv.includes('--demo');
/** The compiled bundles by default: about a third less memory per service than SWC at load. */
const mode: LaunchMode = process.env['START_MODE'] === 'swc-on-load' ? 'swc-on-load' : 'compiled';
const stateDir =
  process.env['STATE_DIR'] ??
  join(process.env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state'), 'sleep-platform');

/** The services' own startup budget (STARTUP_TIMEOUT_MS) bounds the wait for their readiness. */
const READY_TIMEOUT_MS = Number(process.env['STARTUP_TIMEOUT_MS'] ?? 120_000);
const portOf = (name: string) =>
  Number(process.env[portEnvName(name)] ?? SERVICES.find((s) => s.name === name)!.port);
const managementPortOf = (name: string) =>
  Number(
    process.env[managementPortEnvName(name)] ??
      SERVICES.find((s) => s.name === name)!.managementPort,
  );

async function main() {
  const started = Date.now();
  // Built while the broker and the database start, ready before the gateway looks for it.
  const consoleBuilt = buildConsole(root).then(
    () => true,
    (error: Error) => {
      console.error(`✗ ${error.message}`);
      return false;
    },
  );
  if (mode === 'compiled') buildApps();
  const external = process.env['KAFKA_BROKERS'];
  const kafkaPort = Number(process.env['KAFKA_PORT'] ?? 9092);
  const broker = external
    ? null
    : await startBroker({ port: kafkaPort, controllerPort: kafkaPort + 1, keepData: true });
  const brokers = external ?? broker!.brokers.join(',');
  console.log(`› kafka on ${brokers}${broker ? ` (ready after ${secondsSince(started)})` : ''}`);
  const database = process.env['DATABASE_URL']
    ? null
    : await startDevDatabase({
        stateDir,
        port: Number(process.env['DEV_POSTGRES_PORT'] ?? DEFAULT_DEV_POSTGRES_PORT),
        tenants: DATABASE_TENANTS,
      }).catch(async (error: unknown) => {
        await broker?.stop();
        throw error;
      });
  console.log(
    database
      ? `› postgres on 127.0.0.1:${database.server.port} (${database.created ? 'created' : 'reused'} ${devDataDir(stateDir)}; a role and schema per service)`
      : '› database: PostgreSQL from DATABASE_URL',
  );

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_BROKERS: brokers,
    STATE_DIR: stateDir,
    // The gateway calls the other two on the ports they were given here, not on the defaults.
    SESSION_SERVICE_URL:
      process.env['SESSION_SERVICE_URL'] ?? `http://127.0.0.1:${portOf('session-service')}`,
    ANALYTICS_SERVICE_URL:
      process.env['ANALYTICS_SERVICE_URL'] ?? `http://127.0.0.1:${portOf('analytics-service')}`,
    ...(demo ? demoEnv() : {}),
  };
  const consoleReady = await consoleBuilt;
  const services: RunningService[] = SERVICES.map((spec) =>
    spawnService(
      root,
      { ...spec, port: portOf(spec.name), managementPort: managementPortOf(spec.name) },
      database?.urls[spec.name] ? { ...env, DATABASE_URL: database.urls[spec.name] } : env,
      join(stateDir, 'logs'),
      mode,
    ),
  );

  // The simulated Asleep platform must answer before the gateway registers users on it.
  const simLog = join(stateDir, 'logs', 'asleep-sim.log');
  const traffic = demo ? startDemoTraffic(root, services[1].url, env, simLog) : undefined;

  let stopping = false;
  const watching = new AbortController();
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    watching.abort();
    console.log('\n› stopping…');
    traffic?.kill('SIGTERM');
    await Promise.all(services.map((service) => stopService(service)));
    await database?.stop();
    await broker?.stop();
    console.log('› stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  for (const service of services) {
    service.child.on('exit', (code) => {
      if (stopping) return;
      console.error(`✗ ${service.name} exited (${code}); last lines of ${service.logFile}:`);
      console.error(tail(service.logFile, 15));
      void stopAll(1);
    });
  }

  const ready = await Promise.all(
    services.map((service) =>
      waitReady(service.managementUrl, READY_TIMEOUT_MS, () => service.child.exitCode === null),
    ),
  );
  if (ready.includes(false)) {
    services
      .filter((_, i) => !ready[i])
      .forEach((service) => console.error(`✗ ${service.name} not ready; see ${service.logFile}`));
    return stopAll(1);
  }
  console.log(`\nAll services ready in ${secondsSince(started)}:`);
  for (const service of services) {
    console.log(
      `  ${service.name.padEnd(18)} ${service.url}   management ${service.managementUrl}   (logs: ${service.logFile})`,
    );
  }
  const gatewayUrl = services[0].url;
  if (consoleReady) {
    console.log(
      `  ${'console'.padEnd(18)} ${gatewayUrl}/console/   (sign in with the token below)`,
    );
  }
  if (traffic) {
    console.log(
      `  ${'asleep-sim (demo)'.padEnd(18)} ${env['ASLEEP_BASE_URL']}   (logs: ${simLog})`,
    );
  }
  try {
    await showFirstCalls(gatewayUrl, env, watching.signal);
  } catch (error) {
    console.error(`✗ ${(error as Error).message}`);
    return stopAll(1);
  }
  console.log(
    '\nOn each management port: /health/live, /health/ready, /metrics   Press Ctrl-C to stop.',
  );
}

/** The demo tenant (always), its users (demo), a token and the calls to try, all through the gateway. */
async function showFirstCalls(gatewayUrl: string, env: NodeJS.ProcessEnv, signal: AbortSignal) {
  registerDemoTenant(root, gatewayUrl, env);
  const token = mintDemoAdminToken(root, env);
  const users = demo
    ? await registerDemoUsers(gatewayUrl, token, Number(process.env['DEMO_USERS'] ?? 3))
    : [];
  console.log(`\nDevelopment token (admin of tenant demo, valid 12 h):\nexport TOKEN=${token}`);
  console.log(`\nFirst calls:\n${formatExamples(firstCalls(gatewayUrl, users[0]))}`);
  if (!demo) {
    console.log(
      "\nTenant demo's Asleep key is a placeholder: calls that need Asleep itself (creating users)\n" +
        'answer that Asleep refused the key or is unavailable. `npm start -- --demo` runs a simulator.',
    );
    return;
  }
  console.log(`\nDemo: ${users.join(', ')} registered; their nights are playing.`);
  // Announced once there is a night to read (the first one takes a minute on the demo clock).
  void firstCompleteNight(gatewayUrl, token, users[0], signal).then((sessionId) => {
    if (!sessionId) return;
    console.log(
      `\nA night to read:\n${formatExamples([readNightCall(gatewayUrl, users[0], sessionId)])}`,
    );
  });
}

/** `nx build` of the four apps; Nx's cache makes it about a second when nothing changed. */
function buildApps() {
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [
      require.resolve('nx/bin/nx'),
      'run-many',
      '-t',
      'build',
      `--projects=${SERVICES.map((service) => service.name).join(',')}`,
      '--output-style=static',
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } },
  );
  if (result.status !== 0) {
    console.error(`${result.stdout}\n${result.stderr}`);
    throw new Error('nx build failed (START_MODE=swc-on-load runs the TypeScript without a build)');
  }
  console.log(`› apps compiled (nx build) in ${secondsSince(started)}`);
}

function secondsSince(start: number) {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

function tail(file: string, lines: number) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
