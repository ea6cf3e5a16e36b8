// Every project's tests in one run (`npm test` → scripts/test.sh).
module.exports = {
  projects: [
    '<rootDir>/test/jest.config.js',
    '<rootDir>/apps/*/jest.config.js',
    '<rootDir>/libs/*/jest.config.js',
  ],
};
