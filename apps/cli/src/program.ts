import { maskUrlCredentials } from '@ffe/contracts';
import { Command, InvalidArgumentError, Option } from 'commander';
import { botCommand } from './commands/bot.command';
import { cacheCommand } from './commands/cache.command';
import { configCommand } from './commands/config.command';
import { decisionsCommand } from './commands/decisions.command';
import { healthCommand } from './commands/health.command';
import { metricsCommand } from './commands/metrics.command';
import { positionsCommand, tradeCommand } from './commands/positions.command';
import { terminalIo, type PromptIo } from './confirm';
import { EXIT_CODES_HELP } from './exit-codes';

export type { GlobalOptions } from './context';

function timeoutMs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError('must be a positive number of milliseconds');
  return n;
}

/**
 * ffe-ctl's command tree. Global options come from flags or the environment (FFE_API_URL,
 * FFE_API_KEY); each command group lives in its own module under commands/.
 */
export function buildProgram(
  env: NodeJS.ProcessEnv = process.env,
  prompt: PromptIo = terminalIo(),
): Command {
  const program = new Command('ffe-ctl')
    .description('Operate a Finance Feedback Engine: bot, positions, decisions, cache, health')
    .version('0.1.0')
    .addOption(
      new Option('--api-url <url>', 'API base URL (env FFE_API_URL)').default(
        env.FFE_API_URL ?? 'http://localhost:8000',
        maskUrlCredentials(env.FFE_API_URL ?? 'http://localhost:8000'),
      ),
    )
    // Help must never print the key: it says whether the variable is set, and the value is
    // stored as the option's env-sourced value rather than as a default help would show.
    .option('--api-key <key>', `API key (env FFE_API_KEY, ${env.FFE_API_KEY ? 'set' : 'not set'})`)
    .option('--json', "print the API's JSON response as it came", false)
    .option('--timeout <ms>', 'request timeout in milliseconds', timeoutMs, 10_000)
    .addHelpText(
      'after',
      `
Examples:
  $ export FFE_API_URL=http://localhost:8000 FFE_API_KEY=...
  $ ffe-ctl bot status
  $ ffe-ctl --json positions list
  $ ffe-ctl bot emergency-stop                          # never asks: safe from cron and hooks
  $ ffe-ctl bot emergency-stop --close-positions --yes  # --yes: close without asking
  $ ffe-ctl trade --pair BTCUSD --action BUY --size 0.01 --idempotency-key buy-0612
  $ ffe-ctl health check || page-someone
${EXIT_CODES_HELP}`,
    );
  for (const command of [
    botCommand(prompt),
    positionsCommand(),
    tradeCommand(),
    decisionsCommand(),
    configCommand(),
    cacheCommand(),
    healthCommand(),
    metricsCommand(),
  ]) {
    program.addCommand(command);
  }
  // A usage error is its message plus a pointer, not a page of help.
  const hint = (command: Command): void => {
    command.showHelpAfterError('(add --help for usage and examples)');
    command.commands.forEach(hint);
  };
  hint(program);
  if (env.FFE_API_KEY) program.setOptionValueWithSource('apiKey', env.FFE_API_KEY, 'env');
  return program;
}
