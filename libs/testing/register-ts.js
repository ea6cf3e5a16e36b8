// `node -r libs/testing/register-ts.js file.ts`: compiles TypeScript on require with SWC — the
// transform Jest uses, from the same .swcrc — and resolves @ffe/* to the libs' sources, as the
// Jest preset does. Tests and benchmarks run the real sources in child processes without a build.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.join(__dirname, '../..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    ...swcrc,
    filename,
    swcrc: false,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const lib = /^@ffe\/([^/]+)$/.exec(request);
  const target = lib ? path.join(root, 'libs', lib[1], 'src/index.ts') : request;
  return resolveFilename.call(this, target, ...rest);
};

process.setSourceMapsEnabled(true);
