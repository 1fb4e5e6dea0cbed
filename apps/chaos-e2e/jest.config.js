module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'chaos-e2e',
  rootDir: __dirname,
};
