// `npm test`: starts what the tests need (PostgreSQL, a fresh database, a Kafka
// broker of its own), runs every test project in one jest run, prints the totals.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type BrokerHandle, startBroker } from '@sleep/kafka-broker';
import { createKafka, ensureTopics } from '@sleep/messaging';
import { buildConsole } from './console-build';
import { createRunDatabase, DEFAULT_ADMIN_URL, ensurePostgres } from './postgres-server';
import { jestTotalsLine } from './jest-totals';

const TEST_KAFKA_PORT = Number(process.env['TEST_KAFKA_PORT'] ?? 39092);

function runJest(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...args],
      { stdio: 'inherit', env },
    );
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * The platform's topics, as the services create them at boot: suites that read a topic before
 * any service of theirs has started must not depend on another suite having booted one first.
 */
async function createPlatformTopics(brokers: string[]): Promise<void> {
  const admin = createKafka({ brokers, clientId: 'test-runner', logLevel: 'silent' }).admin();
  await admin.connect();
  try {
    await ensureTopics(admin);
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  // The console's browser tests open what the gateway serves: its build comes first.
  await buildConsole(process.cwd());
  console.log('› console built');
  const adminUrl = process.env['TEST_PG_ADMIN_URL'] ?? DEFAULT_ADMIN_URL;
  await ensurePostgres(adminUrl);
  const database = await createRunDatabase(adminUrl, `sleep_test_${Date.now()}_${process.pid}`);
  console.log(`› database ready (${new URL(database.url).pathname.slice(1)})`);

  const reportDir = join(process.cwd(), 'tmp');
  mkdirSync(reportDir, { recursive: true });
  const reportPath = join(reportDir, 'jest-report.json');
  // The database is dropped however the run ends, a broker that failed to start included (its
  // port still held by an earlier run's broker): otherwise every such failure leaves one behind.
  let broker: BrokerHandle | undefined;
  try {
    broker = await startBroker({ port: TEST_KAFKA_PORT, controllerPort: TEST_KAFKA_PORT + 1 });
    console.log(`› kafka ready on ${broker.brokers.join(',')}`);
    await createPlatformTopics(broker.brokers);
    const env = {
      ...process.env,
      KAFKA_BROKERS: broker.brokers.join(','),
      TEST_DATABASE_URL: database.url,
      TEST_PG_ADMIN_URL: adminUrl,
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'silent',
    };
    const maxWorkers = process.env['JEST_WORKERS'] ?? '2';
    await runJest(
      [
        '--ci',
        `--maxWorkers=${maxWorkers}`,
        '--json',
        `--outputFile=${reportPath}`,
        ...process.argv.slice(2),
      ],
      env,
    );
  } finally {
    await broker?.stop();
    await database
      .drop()
      .catch((err: unknown) => console.error('could not drop the test database', err));
  }
  const totals = jestTotalsLine(reportPath);
  console.log(`\n› finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(totals.line);
  return totals.success ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
