module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'gateway-api',
  rootDir: __dirname,
};
