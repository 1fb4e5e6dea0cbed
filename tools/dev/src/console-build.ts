import { spawn } from 'node:child_process';

/**
 * `nx build console`: the web console's files, which the gateway serves at /console/. Nx's cache
 * makes it a second's work when the console did not change.
 */
export function buildConsole(root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [require.resolve('nx/bin/nx'), 'run', 'console:build', '--output-style=static'],
      {
        cwd: root,
        // A test run's NODE_ENV=test would otherwise give React's development build.
        env: { ...process.env, NODE_ENV: 'production', NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the console did not build:\n${output}`)),
    );
  });
}
