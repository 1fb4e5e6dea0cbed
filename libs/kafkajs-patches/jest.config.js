module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'kafkajs-patches',
  rootDir: __dirname,
};
