// `npm run lint`: ESLint over the whole workspace, module-boundary rules included.
// The boundary rule reads Nx's cached project graph, so it is refreshed first.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const graph = spawnSync(
  process.execPath,
  [require.resolve('nx/bin/nx'), 'graph', '--file=tmp/project-graph.json'],
  {
    stdio: 'ignore',
  },
);
if (graph.status !== 0) process.exit(graph.status ?? 1);
const args = process.argv.slice(2);
const result = spawnSync(
  process.execPath,
  // eslint's package exports do not include its bin, so it is found from the package root.
  [join(process.cwd(), 'node_modules/eslint/bin/eslint.js'), ...(args.length ? args : ['.'])],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
