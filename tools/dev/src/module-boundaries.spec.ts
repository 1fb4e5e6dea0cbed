import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = resolve(__dirname, '../../..');
const BOUNDARY_RULE = '@nx/enforce-module-boundaries';

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, filePath) });
  return result.messages.filter((m) => m.ruleId === BOUNDARY_RULE).map((m) => m.message);
}

// Lint fixtures: each import below is one the architecture forbids.
describe('module boundaries', () => {
  jest.setTimeout(60_000);

  // The rule reads Nx's cached project graph; computing it also proves `nx graph` works.
  beforeAll(() => {
    execFileSync(
      process.execPath,
      [require.resolve('nx/bin/nx'), 'graph', '--file=tmp/project-graph.json'],
      {
        cwd: ROOT,
        env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
        stdio: 'ignore',
      },
    );
  });

  it('lets an app import libraries through their aliases', async () => {
    expect(
      await boundaryErrors(
        'apps/gateway/src/fixture.ts',
        "import { Topics } from '@sleep/contracts';\nexport const t = Topics;\n",
      ),
    ).toEqual([]);
  });

  it('forbids a library from importing an app', async () => {
    const errors = await boundaryErrors(
      'libs/observability/src/fixture.ts',
      "import { envSchema } from '../../../apps/gateway/src/config';\nexport const e = envSchema;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('forbids contracts from depending on anything but zod', async () => {
    const onLib = await boundaryErrors(
      'libs/contracts/src/fixture.ts',
      "import { createMetricsRegistry } from '@sleep/observability';\nexport const r = createMetricsRegistry;\n",
    );
    expect(onLib.length).toBeGreaterThan(0);
    const onPackage = await boundaryErrors(
      'libs/contracts/src/fixture.ts',
      "import { Kafka } from 'kafkajs';\nexport const k = Kafka;\n",
    );
    expect(onPackage.length).toBeGreaterThan(0);
  });

  it('forbids one app from importing another', async () => {
    const errors = await boundaryErrors(
      'apps/gateway/src/fixture.ts',
      "import { envSchema } from '../../webhook-ingest/src/config';\nexport const e = envSchema;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('forbids an app from importing a tool or the simulator', async () => {
    const errors = await boundaryErrors(
      'apps/session-service/src/fixture.ts',
      "import { startBroker } from '@sleep/kafka-broker';\nexport const s = startBroker;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it("forbids an app from importing another scope's library", async () => {
    const errors = await boundaryErrors(
      'apps/session-service/src/fixture.ts',
      "import { appRouter } from '@sleep/gateway-api';\nexport const r = appRouter;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('keeps the outbound webhooks lib to the gateway', async () => {
    const code =
      "import { webhookHeaders } from '@sleep/outbound-webhooks';\nexport const h = webhookHeaders;\n";
    expect(await boundaryErrors('apps/gateway/src/fixture.ts', code)).toEqual([]);
    expect(
      (await boundaryErrors('apps/session-service/src/fixture.ts', code)).length,
    ).toBeGreaterThan(0);
    expect((await boundaryErrors('libs/messaging/src/fixture.ts', code)).length).toBeGreaterThan(0);
  });

  it('forbids a shared library from importing an owned one', async () => {
    const errors = await boundaryErrors(
      'libs/persistence/src/fixture.ts',
      "import { appRouter } from '@sleep/gateway-api';\nexport const r = appRouter;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('lets the gateway import the session RPC contract (shared, type:rpc)', async () => {
    expect(
      await boundaryErrors(
        'apps/gateway/src/fixture.ts',
        "import type { SessionRouter } from '@sleep/session-rpc';\nexport type R = SessionRouter;\n",
      ),
    ).toEqual([]);
  });

  it('forbids an RPC contract from importing anything but contracts', async () => {
    const errors = await boundaryErrors(
      'libs/session-rpc/src/fixture.ts',
      "import { DATABASE } from '@sleep/persistence';\nexport const d = DATABASE;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('forbids a library from importing a tool', async () => {
    const errors = await boundaryErrors(
      'libs/messaging/src/fixture.ts',
      "import { startBroker } from '@sleep/kafka-broker';\nexport const s = startBroker;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('lets only test files use the testkit', async () => {
    const code = "import { withBroker } from '@sleep/testkit';\nexport const w = withBroker;\n";
    expect((await boundaryErrors('libs/messaging/src/fixture.ts', code)).length).toBeGreaterThan(0);
    expect(
      (await boundaryErrors('apps/webhook-ingest/src/fixture.ts', code)).length,
    ).toBeGreaterThan(0);
    expect(await boundaryErrors('libs/messaging/src/fixture.spec.ts', code)).toEqual([]);
    expect(await boundaryErrors('apps/webhook-ingest/src/fixture.spec.ts', code)).toEqual([]);
  });

  it('lets the web console import only the api-client and the contracts, and those as types', async () => {
    const file = 'apps/console/src/fixture.tsx';
    expect(
      await boundaryErrors(
        file,
        "import { createClient } from '@sleep/api-client';\nimport type { Stat } from '@sleep/contracts';\nexport const c = createClient;\nexport type S = Stat;\n",
      ),
    ).toEqual([]);
    const onServer = await boundaryErrors(
      file,
      "import { appRouter } from '@sleep/gateway-api';\nexport const r = appRouter;\n",
    );
    expect(onServer.length).toBeGreaterThan(0);
    const onLib = await boundaryErrors(
      file,
      "import { createKafka } from '@sleep/messaging';\nexport const k = createKafka;\n",
    );
    expect(onLib.length).toBeGreaterThan(0);
    const eslint = new ESLint({ cwd: ROOT });
    const [zodAtRuntime] = await eslint.lintText(
      "import { StatSchema } from '@sleep/contracts';\nexport const s = StatSchema;\n",
      { filePath: resolve(ROOT, file) },
    );
    expect(zodAtRuntime.messages.map((m) => m.ruleId)).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
  });

  it('keeps the health-data exports to the gateway (type:domain, scope:gateway)', async () => {
    const code =
      "import { sleepObservation } from '@sleep/health-exports';\nexport const o = sleepObservation;\n";
    expect(await boundaryErrors('libs/gateway-api/src/fixture.ts', code)).toEqual([]);
    expect(await boundaryErrors('apps/gateway/src/fixture.ts', code)).toEqual([]);
    expect(
      (await boundaryErrors('apps/analytics-service/src/fixture.ts', code)).length,
    ).toBeGreaterThan(0);
    expect(
      (await boundaryErrors('libs/analytics-rpc/src/fixture.ts', code)).length,
    ).toBeGreaterThan(0);
    expect(
      (await boundaryErrors('libs/sleep-metrics/src/fixture.ts', code)).length,
    ).toBeGreaterThan(0);
    // A pure mapping: it may not reach for I/O libraries either.
    const onLib = await boundaryErrors(
      'libs/health-exports/src/fixture.ts',
      "import { createKafka } from '@sleep/messaging';\nexport const k = createKafka;\n",
    );
    expect(onLib.length).toBeGreaterThan(0);
  });

  it('passes over the whole workspace', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const results = await eslint.lintFiles(['.']);
    const errors = results.flatMap((r) =>
      r.messages
        .filter((m) => m.severity === 2)
        .map((m) => `${r.filePath}:${m.line} ${m.ruleId} ${m.message}`),
    );
    expect(errors).toEqual([]);
    // Linting every file of the workspace takes about a minute on a busy 2-core machine.
  }, 300_000);
});
