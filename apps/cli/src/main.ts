#!/usr/bin/env node
import { CommanderError } from 'commander';
import { CliError, ExitCode } from './exit-codes';
import { buildProgram } from './program';

/** One line on stderr and a distinct exit code for every failure; never a stack trace. */
async function main(): Promise<void> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its own message (usage errors, --help, --version).
      process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.failure;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`ffe-ctl: ${message}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : ExitCode.failure;
  }
}

void main();
