module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'strategies',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
