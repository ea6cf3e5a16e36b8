// Shared Jest settings: SWC transpiles TypeScript with decorator metadata (Nest needs it);
// type checking is `npm run typecheck`'s job, so tests stay fast.
const path = require('node:path');
const fs = require('node:fs');

const swcConfig = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));

const ESM_ONLY_PACKAGES = ['content-disposition', 'trading-signals', '@noble', '@scure'];

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|js|mjs)$': ['@swc/jest', { ...swcConfig, swcrc: false }] },
  // A few dependencies ship only ES modules (also nested: ccxt's @noble and @scure); Node loads them
  // natively, Jest needs them compiled.
  transformIgnorePatterns: [
    `/node_modules/(?!(?:.*/node_modules/)?(${ESM_ONLY_PACKAGES.join('|')})/)`,
  ],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@ffe/(.*)$': path.join(__dirname, 'libs/$1/src/index.ts') },
  globalSetup: path.join(__dirname, 'libs/testing/src/jest-global-setup.ts'),
  globalTeardown: path.join(__dirname, 'libs/testing/src/jest-global-teardown.ts'),
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
