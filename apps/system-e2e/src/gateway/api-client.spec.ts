import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { type AsleepSim, startAsleepSim } from '@sleep/asleep-sim';
import { createKafka } from '@sleep/messaging';
import { startApp, waitForStatus, type AppProcess } from '@sleep/testkit';
import { buildClientProgram } from './support/client-program';
import { createTenant, gatewayJwtEnv, token } from './support/dev-tokens';
import { publishProgress } from './support/live-event';

const KEY = `sk-e2e-client-${randomBytes(6).toString('hex')}`;
const tenantId = `client-${randomBytes(3).toString('hex')}`;

describe('libs/api-client from a separate TypeScript program', () => {
  let sim: AsleepSim;
  let gateway: AppProcess;

  beforeAll(async () => {
    sim = await startAsleepSim({ apiKeys: [KEY], seed: 3 });
    gateway = await startApp('gateway', {
      ...gatewayJwtEnv,
      ASLEEP_BASE_URL: sim.url,
      LOG_LEVEL: 'warn',
    });
    await waitForStatus(gateway, '/health/ready', 200);
    await createTenant(gateway.url, { id: tenantId, name: 'Client test', asleepApiKey: KEY });
  }, 90_000);

  afterAll(async () => {
    await gateway?.stop('SIGKILL');
    await sim?.stop();
  });

  it('type-checks, imports only the package, and runs a query, a mutation and a subscription', async () => {
    const built = buildClientProgram();
    // Only the tRPC client and the EventSource reach the bundle; the router is a type.
    const required = [...built.clientJs.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]);
    expect(new Set(required.filter((name) => !name.startsWith('./')))).toEqual(
      new Set(['@trpc/client', 'eventsource']),
    );

    const child = spawn(process.execPath, [built.entry], {
      cwd: built.dir,
      env: {
        PATH: process.env['PATH'],
        NODE_PATH: resolve(__dirname, '../../../../node_modules'),
        GATEWAY_URL: gateway.url,
        TOKEN: await token(tenantId, 'frida', 'member'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const lines: string[] = [];
    const kafka = createKafka({
      brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
      clientId: 'api-client-e2e',
      logLevel: 'error',
    });
    const exited = new Promise<number | null>((done) => child.once('exit', done));
    await new Promise<void>((done, fail) => {
      child.stdout.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          lines.push(line);
          const message = JSON.parse(line) as { subscribed?: boolean; asleepUserId?: string };
          if (message.subscribed)
            publishProgress(kafka, tenantId, message.asleepUserId!, 40).then(() => done(), fail);
        }
      });
      void exited.then(() => fail(new Error(`program exited early: ${output}${lines.join('\n')}`)));
    });
    expect({ code: await exited, output }).toEqual({ code: 0, output: '' });
    const result = JSON.parse(lines.at(-1)!);
    expect(result).toMatchObject({
      me: 'frida',
      tenant: tenantId,
      asleepUserId: expect.stringMatching(/^G-/),
      refused: { code: 'BAD_REQUEST', issues: [{ path: 'endDate' }] },
      event: { id: expect.any(String), data: { kind: 'progress', analysedEpochs: 40 } },
    });
    expect(sim.state.getUser(result.asleepUserId, KEY)).toBeDefined();
    // Type-checking the program against the router's types is slow on a busy host.
  }, 180_000);
});
