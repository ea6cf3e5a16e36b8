import { createInterface } from 'node:readline/promises';
import { CliError, ExitCode } from './exit-codes';

export interface PromptIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

/** Where questions are asked: stdin for the answer, stderr so stdout stays the result. */
export const terminalIo = (): PromptIo => ({ input: process.stdin, output: process.stderr });

/** True when someone can answer a question (stdin is a terminal). */
export function canAsk(io: PromptIo): boolean {
  return Boolean(io.input.isTTY);
}

/**
 * Asks before a drastic action. On a terminal the operator must type "yes"; with no terminal
 * (cron, CI, a pipe) nobody can answer, so it refuses: the safe side, `--yes` skips the ask.
 */
export async function confirm(what: string, io: PromptIo = terminalIo()): Promise<void> {
  if (!canAsk(io)) {
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
