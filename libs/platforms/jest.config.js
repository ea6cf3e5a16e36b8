module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'platforms',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
