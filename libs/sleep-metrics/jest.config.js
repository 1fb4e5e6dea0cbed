module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'sleep-metrics',
  rootDir: __dirname,
};
