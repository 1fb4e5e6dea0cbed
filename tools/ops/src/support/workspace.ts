import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(__dirname, '../../../..');

export const APPS = ['gateway', 'webhook-ingest', 'session-service', 'analytics-service'] as const;
export type AppName = (typeof APPS)[number];

const run = promisify(execFile);

/** Runs a command in the workspace; rejects with its output when it fails. */
export async function exec(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
) {
  try {
    return await run(file, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      timeout: options.timeoutMs ?? 300_000,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed:\n${stdout ?? ''}\n${stderr ?? err}`);
  }
}

/** `nx build` of the given apps (cached by Nx when nothing changed). */
export function buildApps(apps: readonly AppName[] = APPS) {
  return exec(
    process.execPath,
    [
      require.resolve('nx/bin/nx.js'),
      'run-many',
      '-t',
      'build',
      `--projects=${apps.join(',')}`,
      '--output-style=static',
    ],
    { env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } },
  );
}
