module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'asleep-sim',
  rootDir: __dirname,
};
