// `npm run lint`: ESLint over the whole workspace, module-boundary rules included.
import { spawnSync } from 'node:child_process';

const result = spawnSync(
  process.execPath,
  ['node_modules/eslint/bin/eslint.js', '--max-warnings=-1', ...(process.argv.slice(2).length ? process.argv.slice(2) : ['.'])],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
