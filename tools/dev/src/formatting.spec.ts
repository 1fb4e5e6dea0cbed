import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../../..');

describe('formatting', () => {
  it('every file is as Prettier writes it', async () => {
    const prettier = require.resolve('prettier/bin/prettier.cjs');
    const result = await promisify(execFile)(
      process.execPath,
      [prettier, '--list-different', '.'],
      {
        cwd: ROOT,
      },
    ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? String(err) }));
    expect(result.stdout.trim().split('\n').filter(Boolean)).toEqual([]);
  }, 120_000);
});
