// Boot time to ready and idle memory of each app, compiled bundle vs TypeScript compiled on load
// by SWC (`node -r @swc-node/register`), against a real broker and PostgreSQL. Prints figures.
import { join } from 'node:path';
import { Client } from 'pg';
import { startBroker } from '@sleep/kafka-broker';
import { productionEnv } from '../src/support/app-env';
import { freePort, rssMiB, startNode, waitReady } from '../src/support/node-process';
import { APPS, buildApps, ROOT, type AppName } from '../src/support/workspace';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const ADMIN_URL = process.env['TEST_PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const modes = {
  compiled: (app: AppName) => ({
    args: ['--enable-source-maps', join(ROOT, 'dist/apps', app, 'main.js')],
    env: {},
  }),
  'swc-on-load': (app: AppName) => ({
    args: ['-r', '@swc-node/register', join(ROOT, 'apps', app, 'src', 'main.ts')],
    env: { SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
  }),
};

async function measure(app: AppName, mode: keyof typeof modes, databaseUrl: string) {
  const { args, env } = modes[mode](app);
  const proc = startNode(
    args,
    { port: await freePort(), managementPort: await freePort() },
    { ...productionEnv(app), ...env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    ROOT,
  );
  try {
    const readyMs = await waitReady(proc);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return { readyMs, rss: rssMiB(proc.child.pid!) };
  } finally {
    await proc.stop('SIGTERM');
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  await buildApps();
  const broker = await startBroker({ port: 45192, controllerPort: 45193 });
  process.env['KAFKA_BROKERS'] = broker.brokers.join(',');
  const name = `sleep_bench_${Date.now()}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
  try {
    console.log(`app                 mode          ready (median of ${RUNS})   idle RSS`);
    for (const app of APPS) {
      for (const mode of Object.keys(modes) as (keyof typeof modes)[]) {
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await measure(app, mode, databaseUrl));
        const ready = median(runs.map((r) => r.readyMs));
        const rss = median(runs.map((r) => r.rss));
        console.log(
          `${app.padEnd(19)} ${mode.padEnd(13)} ${`${Math.round(ready)} ms`.padEnd(24)} ${rss.toFixed(0)} MiB`,
        );
      }
    }
  } finally {
    await broker.stop();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
