import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

/** Running, and not an exited process waiting to be reaped (a zombie). */
const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

/**
 * A shell starts `cli.ts serve` in the background (so the shell is its parent), prints the
 * simulator's pid once it listens, and waits.
 */
const logs = mkdtempSync(join(tmpdir(), 'asleep-sim-cli-'));

function launch(env: NodeJS.ProcessEnv) {
  const cli = join(__dirname, 'cli.ts');
  const script = `: > "$LOG"
"${process.execPath}" -r @swc-node/register "${cli}" serve --port 0 > "$LOG" &
echo "pid $!"
until grep -q 'listening on' "$LOG"; do sleep 0.1; done
echo ready
wait`;
  const log = join(logs, `serve-${Date.now()}.log`);
  const shell = spawn('sh', ['-c', script], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      LOG: log,
      SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise<{ shell: typeof shell; pid: number }>((resolve, reject) => {
    shell.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const pid = /pid (\d+)/.exec(output);
      if (pid && output.includes('ready')) resolve({ shell, pid: Number(pid[1]) });
    });
    shell.once('exit', (code) => reject(new Error(`launcher exited ${code}: ${output}`)));
  });
}

async function waitWhileAlive(pid: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

describe('asleep-sim serve (the CLI)', () => {
  const started: number[] = [];

  afterAll(() => {
    for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(logs, { recursive: true, force: true });
  });

  it('stops with STOP_WITH_PARENT=true once the process that started it is gone', async () => {
    const { shell, pid } = await launch({ STOP_WITH_PARENT: 'true' });
    started.push(pid);
    expect(alive(pid)).toBe(true);
    shell.kill('SIGKILL');
    await waitWhileAlive(pid, 20_000);
    expect(alive(pid)).toBe(false);
  }, 90_000);

  it('keeps serving without it (a simulator started by hand outlives its shell)', async () => {
    const { shell, pid } = await launch({ STOP_WITH_PARENT: '' });
    started.push(pid);
    shell.kill('SIGKILL');
    await waitWhileAlive(pid, 2_000);
    expect(alive(pid)).toBe(true);
    process.kill(pid, 'SIGTERM');
    await waitWhileAlive(pid, 20_000);
    expect(alive(pid)).toBe(false);
  }, 90_000);
});
