module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'health-exports',
  rootDir: __dirname,
};
