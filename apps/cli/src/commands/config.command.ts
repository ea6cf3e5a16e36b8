import { Command } from 'commander';
import { context, examples, integer, number, show } from '../context';
import { CliError, ExitCode } from '../exit-codes';
import { colors } from '../format';
import { renderStatus, type BotStatus } from './bot.command';

export function configCommand(): Command {
  const config = new Command('config').description("change the bot's risk settings");

  config
    .command('update')
    .description('change risk settings (persisted and audited); name at least one')
    .option(
      '--stop-loss <pct>',
      'most of the portfolio one trade may lose at its stop, percent (0-50]',
      number('--stop-loss'),
    )
    .option(
      '--position-size <pct>',
      'notional of a new position, percent of portfolio (0-100]',
      number('--position-size'),
    )
    .option(
      '--confidence <0..1>',
      'minimum decision confidence to act on, 0..1',
      number('--confidence'),
    )
    .option('--max-trades <n>', 'open positions at most, 1..100', integer('--max-trades'))
    .addHelpText(
      'after',
      examples(
        'ffe-ctl config update --stop-loss 2 --position-size 10',
        'ffe-ctl config update --confidence 0.7 --max-trades 3',
      ),
    )
    .action(async (opts, command: Command) => {
      const ctx = context(command);
      const body = {
        stop_loss_pct: opts.stopLoss,
        position_size_pct: opts.positionSize,
        confidence_threshold: opts.confidence,
        max_concurrent_trades: opts.maxTrades,
      };
      if (Object.values(body).every((v) => v === undefined)) {
        throw new CliError(
          'name at least one setting: --stop-loss, --position-size, --confidence or --max-trades',
          ExitCode.failure,
        );
      }
      const response = await ctx.client.api<BotStatus>('PATCH', '/bot/config', { body });
      show(ctx, response, (s) => `${colors.bold('Config updated.')}\n${renderStatus(s)}`);
    });

  return config;
}
