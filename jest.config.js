// Every test project of the workspace, run as one jest invocation by `npm test`.
const { globSync } = require('node:fs');

module.exports = {
  projects: globSync('{apps,libs,tools}/*/jest.config.js', { cwd: __dirname }).map(
    (config) => `<rootDir>/${config}`,
  ),
};
