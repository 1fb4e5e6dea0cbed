module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'asleep-client',
  rootDir: __dirname,
};
