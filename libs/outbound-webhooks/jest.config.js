module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'outbound-webhooks',
  rootDir: __dirname,
};
