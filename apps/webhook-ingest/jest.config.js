module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'webhook-ingest',
  rootDir: __dirname,
};
