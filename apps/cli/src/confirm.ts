import { createInterface } from 'node:readline/promises';
import { CliError, ExitCode } from './exit-codes';

export interface PromptIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

/**
 * Asks before a drastic action. On a terminal the operator must type "yes"; with no terminal
 * (cron, CI, a pipe) nobody can answer, so it refuses: the safe side, `--yes` skips the ask.
 */
export async function confirm(
  what: string,
  io: PromptIo = { input: process.stdin, output: process.stderr },
): Promise<void> {
  if (!io.input.isTTY) {
    throw new CliError(
      `refusing to ${what} without confirmation: stdin is not a terminal; pass --yes`,
      ExitCode.failure,
    );
  }
  const rl = createInterface({ input: io.input, output: io.output });
  try {
    const answer = await rl.question(`About to ${what}. Type "yes" to continue: `);
    if (answer.trim().toLowerCase() !== 'yes')
      throw new CliError('not confirmed; nothing done', ExitCode.failure);
  } finally {
    rl.close();
  }
}
