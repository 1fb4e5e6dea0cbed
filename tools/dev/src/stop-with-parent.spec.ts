import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

jest.setTimeout(240_000);

const ROOT = join(__dirname, '../../..');

/** Running, and not an exited process waiting to be reaped (a zombie). */
const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

/** Runs the launcher until it prints the ready service's pid. */
function launch(): Promise<{ launcher: ReturnType<typeof spawn>; pid: number }> {
  const launcher = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, 'testing', 'orphan-launcher.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    launcher.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    launcher.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{"pid"'));
      if (line) resolve({ launcher, pid: (JSON.parse(line) as { pid: number }).pid });
    });
    launcher.once('exit', (code) => reject(new Error(`launcher exited ${code}: ${output}`)));
  });
}

describe('a service started by a launcher', () => {
  let pid: number | undefined;

  afterAll(() => {
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('stops when its launcher is killed with SIGKILL, leaving no orphan behind', async () => {
    const started = await launch();
    pid = started.pid;
    expect(alive(pid)).toBe(true);
    started.launcher.kill('SIGKILL');
    const deadline = Date.now() + 60_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(alive(pid)).toBe(false);
  });
});
