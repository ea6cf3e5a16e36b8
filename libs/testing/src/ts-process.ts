import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { join } from 'node:path';

const REGISTER = join(__dirname, '../register-ts.js');

/**
 * Runs a TypeScript file of this repo in a child Node process (with an IPC channel), compiled on
 * the fly by SWC like Jest does — so multi-process tests exercise the real sources, no build.
 */
export function forkTs(file: string, args: string[] = [], options: ForkOptions = {}): ChildProcess {
  return fork(file, args, {
    ...options,
    execArgv: ['-r', REGISTER, ...(options.execArgv ?? [])],
  });
}

/** The `node` arguments that do the same for a script run by hand or from a shell script. */
export function tsNodeArgs(file: string, args: string[] = []): string[] {
  return ['-r', REGISTER, file, ...args];
}
