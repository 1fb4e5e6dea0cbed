module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'persistence',
  rootDir: __dirname,
  // Opening PGlite takes 0.3–2 s alone, and many times that on a machine busy with other suites.
  testTimeout: 30_000,
};
