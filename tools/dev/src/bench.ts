// `npm run bench`: every project's `bench` target, one at a time so figures are not skewed
// by each other. Each benchmark starts what it needs and prints its own figures.
import { spawnSync } from 'node:child_process';

const projects = process.argv.slice(2);
const args = projects.length
  ? ['run-many', '-t', 'bench', `--projects=${projects.join(',')}`]
  : ['run-many', '-t', 'bench'];
const result = spawnSync(
  process.execPath,
  [
    require.resolve('nx/bin/nx'),
    ...args,
    '--parallel=1',
    '--output-style=stream',
    '--skip-nx-cache',
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
