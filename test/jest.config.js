// Workspace-level checks: module boundaries, docs and config kept in step with the code.
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'workspace',
  rootDir: __dirname,
  testMatch: ['<rootDir>/workspace/**/*.spec.ts'],
};
