// Workspace-level checks: module boundaries, docs and config kept in step with the code, and
// the monitoring stack (rules, routes, dashboards) proven with the real Prometheus tools, and the
// deployment files (Dockerfile, Compose, Kubernetes, backups) validated offline.
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'workspace',
  rootDir: __dirname,
  testMatch: [
    '<rootDir>/local/**/*.spec.ts',
    '<rootDir>/workspace/**/*.spec.ts',
    '<rootDir>/monitoring/**/*.spec.ts',
    '<rootDir>/deployment/**/*.spec.ts',
  ],
};
