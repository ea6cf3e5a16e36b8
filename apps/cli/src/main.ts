#!/usr/bin/env node
import { buildProgram } from './program';

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`ffe-ctl: ${(error as Error).message}\n`);
    process.exit(1);
  });
