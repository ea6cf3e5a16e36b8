// Every project's tests in one run (`npm test` → scripts/test.sh).
module.exports = {
  // A global option (Jest ignores it inside projects). Hooks start Redis servers and apps and
  // close them, CLI specs spawn processes: on a loaded CI machine that can pass Jest's 5 s
  // default without anything being wrong. Waits inside tests carry their own bounds.
  testTimeout: 30_000,
  projects: [
    '<rootDir>/test/jest.config.js',
    '<rootDir>/apps/*/jest.config.js',
    '<rootDir>/libs/*/jest.config.js',
  ],
};
