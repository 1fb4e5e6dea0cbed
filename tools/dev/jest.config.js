module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'dev',
  rootDir: __dirname,
};
