module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'embedded-pg',
  rootDir: __dirname,
};
