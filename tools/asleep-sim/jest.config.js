const path = require('node:path');
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'asleep-sim',
  rootDir: __dirname,
  // The contract's sample fixtures; the shared alias list has no `@sleep/contracts/testing` entry yet.
  moduleNameMapper: {
    '^@sleep/contracts/testing$': path.join(__dirname, '../../libs/contracts/src/testing.ts'),
    ...preset.moduleNameMapper,
  },
};
