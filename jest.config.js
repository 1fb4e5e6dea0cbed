// Every test project of the workspace, run as one jest invocation by `npm test`.
const { globSync } = require('node:fs');

module.exports = {
  // Global, not per project: jest reads `testTimeout` from the root config of a multi-project run.
  testTimeout: 30_000,
  // Also global. How long a worker may take to exit once the run is over before jest kills it and
  // reports "a worker process has failed to exit gracefully" (default 500 ms). A worker that ran
  // an embedded (PGlite) database spends 0.5-1.2 s in native teardown after its exit event on a
  // busy machine, with no handle left open; a worker that really hangs is still killed and named.
  workerGracefulExitTimeout: 10_000,
  projects: globSync('{apps,libs,tools}/*/jest.config.js', { cwd: __dirname }).map(
    (config) => `<rootDir>/${config}`,
  ),
};
