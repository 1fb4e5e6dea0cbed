import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brokers } from './session-service-process';

const ROOT = resolve(__dirname, '../../../../..');

/** Runs the operators' backfill command (`nx run session-service:backfill`'s script) as they would. */
export async function requestBackfill(
  args: Record<string, string>,
): Promise<{ commandId: string }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      join(ROOT, 'apps/session-service/src/cli/backfill.cli.ts'),
      ...Object.entries(args).map(([k, v]) => `--${k}=${v}`),
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'],
        SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'),
        KAFKA_BROKERS: brokers(),
      },
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}
