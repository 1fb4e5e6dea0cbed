module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'analytics-rpc',
  rootDir: __dirname,
};
