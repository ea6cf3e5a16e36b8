#!/usr/bin/env node
// The installed bin. It is committed with its executable bit, so `npx ffe-ctl` works however
// the build wrote dist/ (tsc creates files without +x); the CLI itself is dist/main.js.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('ffe-ctl: not built yet; run `npm run build` first\n');
  process.exit(1);
}
require(main);
