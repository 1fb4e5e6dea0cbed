// `npm start -- --demo` as a new user meets it: started as a process, every printed call run
// through the shell exactly as printed, then Ctrl-C.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@sleep/embedded-pg';

const ROOT = join(__dirname, '..', '..', '..');
const run = promisify(execFile);

interface Printed {
  token: string;
  commands: string[];
}

/** The token and the commands (the line under each `# what` comment) in what start printed. */
function parsePrinted(output: string): Printed {
  const lines = output.split('\n');
  const token = lines.find((line) => line.startsWith('export TOKEN='))?.slice(13) ?? '';
  const commands = lines
    .map((line, i) => (lines[i - 1]?.startsWith('  # ') ? line.trim() : ''))
    .filter((line) => line.startsWith('curl '));
  return { token, commands };
}

async function shell(command: string, token: string): Promise<string> {
  const { stdout } = await run('bash', ['-c', `${command} --fail-with-body --max-time 30`], {
    env: { ...process.env, TOKEN: token },
  });
  return stdout;
}

/** Runs an SSE command until it prints its first event, then stops it. */
function firstEvent(command: string, token: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `exec ${command}`], {
      env: { ...process.env, TOKEN: token },
    });
    let out = '';
    const done = (error?: Error) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      if (error) reject(error);
      else resolve(out);
    };
    const timer = setTimeout(
      () => done(new Error(`no event within ${timeoutMs} ms: ${out}`)),
      timeoutMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // The first event is the connection's own; a night's event names its session.
      if (/^data: \{.*"sessionId"/m.test(out)) done();
    });
  });
}

describe('npm start', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'dev-start-'));
  // As root the database server runs as the postgres user, which must reach the folder.
  chmodSync(stateDir, 0o755);
  let start: ChildProcess | undefined;
  let output = '';
  let passed = false;

  const waitFor = (pattern: RegExp, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const check = () => {
        if (pattern.test(output)) return resolve();
        if (Date.now() > deadline || start?.exitCode !== null) {
          return reject(new Error(`no ${pattern} in time; start printed:\n${output}`));
        }
        setTimeout(check, 250);
      };
      check();
    });

  // A test that failed midway leaves its stack running: stopped here so the next starts clean.
  afterEach(async () => {
    const running = start;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGINT');
    const killer = setTimeout(() => running.kill('SIGKILL'), 45_000);
    await exited;
    clearTimeout(killer);
  }, 60_000);

  afterAll(() => {
    if (start?.exitCode === null) start.kill('SIGKILL');
    // The services' logs stay for a look when the test failed.
    if (passed) rmSync(stateDir, { recursive: true, force: true });
  });

  let gateway = 0;
  const launch = async (args: string[]) => {
    const [gatewayPort, ingest, sessions, analytics, postgres, sim, ...management] =
      await Promise.all(Array.from({ length: 10 }, () => freePort()));
    gateway = gatewayPort;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'),
      STATE_DIR: stateDir,
      GATEWAY_PORT: String(gateway),
      WEBHOOK_INGEST_PORT: String(ingest),
      SESSION_SERVICE_PORT: String(sessions),
      ANALYTICS_SERVICE_PORT: String(analytics),
      // Other suites start services at the default management ports at the same time.
      GATEWAY_MANAGEMENT_PORT: String(management[0]),
      WEBHOOK_INGEST_MANAGEMENT_PORT: String(management[1]),
      SESSION_SERVICE_MANAGEMENT_PORT: String(management[2]),
      ANALYTICS_SERVICE_MANAGEMENT_PORT: String(management[3]),
      DEV_POSTGRES_PORT: String(postgres),
      DEMO_SIM_PORT: String(sim),
      DEMO_SPEED: '3000',
      DEMO_USERS: '2',
      LOG_LEVEL: 'info',
      SESSION_GROUP_ID: `start-demo-${randomBytes(3).toString('hex')}`,
      // The tests' broker is shared: the gateway writes its feed in a change-ledger group of its own.
      CHANGE_LEDGER_GROUP: `start-demo-ledger-${randomBytes(3).toString('hex')}`,
      ANALYTICS_GROUP_ID: `start-demo-analytics-${randomBytes(3).toString('hex')}`,
    };
    delete env['DATABASE_URL'];
    output = '';
    start = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'tools/dev/src/start.ts', ...args],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    start.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  };

  const ctrlC = async () => {
    const exited = new Promise<number | null>((resolve) => start?.once('exit', resolve));
    start?.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toMatch(/› stopped\s*$/);
  };

  it('prints calls that all return data, then stops cleanly on Ctrl-C', async () => {
    await launch(['--demo']);
    await waitFor(/^Demo: .* registered/m, 300_000);
    const { token, commands } = parsePrinted(output);
    expect(token).not.toBe('');
    const sse = commands.find((command) => command.includes('sessions.live'));
    expect(sse).toBeDefined();
    const plain = commands.filter((command) => command !== sse);
    expect(plain.map((command) => command.split(' ').pop())).toEqual([
      `http://127.0.0.1:${gateway}/api/me`,
      `http://127.0.0.1:${gateway}/api/tenant`,
      `http://127.0.0.1:${gateway}/api/users`,
      `"http://127.0.0.1:${gateway}/api/sessions?appUserId=sleeper-1"`,
      `http://127.0.0.1:${gateway}/docs`,
    ]);

    const [me, tenant, users, , docs] = await Promise.all(plain.map((c) => shell(c, token)));
    expect(JSON.parse(me)).toMatchObject({ tenantId: 'demo', role: 'admin' });
    expect(JSON.parse(tenant)).toMatchObject({ id: 'demo' });
    const listed = (JSON.parse(users) as { users: { appUserId: string }[] }).users;
    expect(listed.map((user) => user.appUserId).sort()).toEqual(['sleeper-1', 'sleeper-2']);
    expect(docs).toContain('/openapi.json');

    // Live: the next event of sleeper-1's nights.
    expect(await firstEvent(sse as string, token, 120_000)).toMatch(/^data: \{.*"sessionId"/m);

    // Once a night is complete, start prints how to read it; the list has it too.
    await waitFor(/^A night to read:/m, 180_000);
    const read = parsePrinted(output.slice(output.indexOf('A night to read:'))).commands[0];
    const night = JSON.parse(await shell(read, token)) as { session: { id: string } };
    expect(read).toContain(night.session.id);
    const nights = JSON.parse(await shell(plain[3], token)) as {
      sessions: { session_id: string }[];
    };
    expect(nights.sessions.map((s) => s.session_id)).toContain(night.session.id);

    await ctrlC();
  }, 600_000);

  it('without the demo, reuses the database and still prints calls that all return data', async () => {
    passed = false;
    await launch([]);
    await waitFor(/Press Ctrl-C to stop/, 300_000);
    expect(output).toMatch(/› postgres on .* \(reused /);
    const { token, commands } = parsePrinted(output);
    expect(commands).toHaveLength(4);
    const [me, tenant, users, docs] = await Promise.all(commands.map((c) => shell(c, token)));
    expect(JSON.parse(me)).toMatchObject({ tenantId: 'demo', role: 'admin' });
    expect(JSON.parse(tenant)).toMatchObject({ id: 'demo' });
    expect(JSON.parse(users)).toHaveProperty('users');
    expect(docs).toContain('/openapi.json');
    expect(output).toMatch(/Asleep key is a placeholder/);
    await ctrlC();
    passed = true;
  }, 600_000);
});
