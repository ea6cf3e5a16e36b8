module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'feature-store',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
