// Every test project of the workspace, run as one jest invocation by `npm test`.
const { globSync } = require('node:fs');

module.exports = {
  // Global, not per project: jest reads `testTimeout` from the root config of a multi-project run.
  testTimeout: 30_000,
  projects: globSync('{apps,libs,tools}/*/jest.config.js', { cwd: __dirname }).map(
    (config) => `<rootDir>/${config}`,
  ),
};
