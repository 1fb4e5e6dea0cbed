module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'webhook-ingest-e2e',
  rootDir: __dirname,
};
