module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'session-rpc',
  rootDir: __dirname,
};
