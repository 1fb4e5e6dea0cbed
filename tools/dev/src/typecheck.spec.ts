import { execFile } from 'node:child_process';
import { globSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../../..');
const projects = globSync('{apps,libs,tools}/*/tsconfig.json', { cwd: ROOT }).sort();

// The test transform strips types without checking them; this is where they are checked.
describe('type check', () => {
  it.each(projects)(
    '%s compiles without type errors',
    async (tsconfig) => {
      const tsc = require.resolve('typescript/bin/tsc');
      const result = await promisify(execFile)(
        process.execPath,
        [tsc, '-p', tsconfig, '--noEmit'],
        {
          cwd: ROOT,
        },
      ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? String(err) }));
      expect(result.stdout.trim()).toBe('');
    },
    180_000,
  );
});
