import { Command } from 'commander';
import { canAsk, confirm, terminalIo, type PromptIo } from '../confirm';
import { context, examples, list, number, show, type Context } from '../context';
import { CliError, ExitCode } from '../exit-codes';
import { colors, duration, fraction, keyValues, money, percent, pnl, state } from '../format';

/** GET /bot/status, and what start / stop / config answer with. */
export interface BotStatus {
  state: string;
  is_operational: boolean;
  uptime_seconds: number;
  total_trades: number;
  active_positions: number;
  portfolio_value: number;
  daily_pnl: number;
  last_decision_time: string | null;
  config: {
    asset_pairs: string[];
    autonomous: boolean;
    take_profit: number;
    stop_loss: number;
    dry_run: boolean;
    stop_loss_pct: number;
    position_size_pct: number;
    confidence_threshold: number;
    max_concurrent_trades: number;
  };
}

interface EmergencyStopResult {
  state: string;
  closed: string[];
  failed: { id: string; reason: string }[];
}

export function renderStatus(s: BotStatus): string {
  const c = s.config;
  return keyValues([
    ['State', state(s.state)],
    ['Operational', s.is_operational ? 'yes' : 'no'],
    ['Uptime', duration(s.uptime_seconds)],
    ['Portfolio value', money(s.portfolio_value)],
    ['Daily P&L', pnl(s.daily_pnl)],
    ['Total trades', String(s.total_trades)],
    ['Active positions', String(s.active_positions)],
    ['Last decision', s.last_decision_time ?? '-'],
    ['Asset pairs', c.asset_pairs.join(', ')],
    ['Autonomous', c.autonomous ? 'yes' : 'no'],
    ['Dry run', c.dry_run ? 'yes' : 'no'],
    ['Take profit', `${fraction(c.take_profit)} from entry`],
    // One setting: stop_loss (fraction) and stop_loss_pct (percent) are the same distance.
    ['Stop loss', `${fraction(c.stop_loss)} from entry`],
    ['Position size', `${percent(c.position_size_pct)} of portfolio`],
    ['Confidence threshold', fraction(c.confidence_threshold)],
    ['Max concurrent trades', String(c.max_concurrent_trades)],
  ]);
}

function emergencyStop(ctx: Context, closePositions: boolean) {
  return ctx.client.api<EmergencyStopResult>('POST', '/bot/emergency-stop', {
    query: { close_positions: closePositions },
  });
}

export function botCommand(prompt: PromptIo = terminalIo()): Command {
  const bot = new Command('bot').description('start, stop, emergency-stop and inspect the bot');

  bot
    .command('start')
    .description('start the trading bot (idempotent; 409 if running with other parameters)')
    .option('--assets <pairs>', 'comma-separated asset pairs, e.g. BTCUSD,ETHUSD', list)
    .option(
      '--take-profit <fraction>',
      'take-profit distance from entry as a FRACTION (0.05 = 5%)',
      number('--take-profit'),
    )
    .option(
      '--stop-loss <fraction>',
      'stop-loss distance from entry as a FRACTION, up to 0.5 (0.02 = 2%); the same setting ' +
        'as `config update --stop-loss`, which takes PERCENT (2 = 2%)',
      number('--stop-loss'),
    )
    .option('--dry-run', 'decide and record, but send no order to the platform')
    .option('--no-dry-run', 'let orders leave for the platform (undoes an earlier --dry-run)')
    .option('--autonomous', 'execute orders the bot decides on')
    .option('--no-autonomous', 'only record proposals; never execute them')
    .addHelpText(
      'after',
      examples(
        'ffe-ctl bot start --assets BTCUSD,ETHUSD --take-profit 0.05 --stop-loss 0.02',
        'ffe-ctl bot start --dry-run --no-autonomous',
      ),
    )
    .action(async (opts, command: Command) => {
      const ctx = context(command);
      const body: Record<string, unknown> = {
        asset_pairs: opts.assets,
        take_profit: opts.takeProfit,
        stop_loss: opts.stopLoss,
        // Each flag has a --no- twin, so neither given leaves it undefined: the bot keeps its value.
        dry_run: opts.dryRun,
        autonomous: opts.autonomous,
      };
      const response = await ctx.client.api<BotStatus>('POST', '/bot/start', { body });
      show(ctx, response, (s) => `${colors.bold('Bot started.')}\n${renderStatus(s)}`);
    });

  bot
    .command('stop')
    .description('stop the bot (idempotent; an emergency stop stays latched)')
    .addHelpText('after', examples('ffe-ctl bot stop'))
    .action(async (_opts, command: Command) => {
      const ctx = context(command);
      const response = await ctx.client.api<BotStatus>('POST', '/bot/stop');
      show(ctx, response, (s) => `Bot state: ${state(s.state)}`);
    });

  bot
    .command('emergency-stop')
    .description(
      'halt trading at once and latch (never asks); --close-positions also closes every position',
    )
    .option(
      '--close-positions',
      'also close each open position at the market (asks first on a terminal unless --yes)',
    )
    .option(
      '-y, --yes',
      'close positions without asking; needed for --close-positions when stdin is not a ' +
        'terminal (cron, CI, an alert hook) - without it the bot is halted, nothing is ' +
        'closed, and the exit code is 5',
    )
    .addHelpText(
      'after',
      examples(
        'ffe-ctl bot emergency-stop',
        'ffe-ctl bot emergency-stop --close-positions',
        'ffe-ctl bot emergency-stop --close-positions --yes',
      ) +
        `
The halt itself never asks and never waits for an answer: it works from cron, CI and alert
hooks. Closing every position at the market is irreversible, so --close-positions asks on a
terminal, and off a terminal needs --yes. Exit 5: halted, but positions are still open.
`,
    )
    .action(async (opts, command: Command) => {
      const ctx = context(command);
      const closing = Boolean(opts.closePositions);
      // The halt goes first and unconditionally: it only stops new trading, so it never waits
      // for a confirmation that nobody (cron, an alert hook) may be there to give. Closing
      // every position at the market realises losses and cannot be undone, so it alone needs
      // a "yes". Off a terminal without --yes we halt and refuse the close with exit 5 rather
      // than close unasked: a halted bot with open positions (stops still tracked by the bot
      // state, a human paged by the exit code) is recoverable; a market sell-off is not.
      // Repeating the emergency stop is idempotent, so the close is a second, separate call.
      if (closing && !opts.yes) {
        const halt = await emergencyStop(ctx, false);
        let refusal: string | undefined;
        if (!canAsk(prompt)) {
          refusal = 'stdin is not a terminal, so nobody confirmed closing them; pass --yes';
        } else {
          try {
            await confirm('close every open position at the market', prompt);
          } catch (error) {
            if (!(error instanceof CliError)) throw error;
            refusal = 'not confirmed';
          }
        }
        if (refusal !== undefined) {
          show(ctx, halt, (r) => `Bot state: ${state(r.state)}`);
          throw new CliError(
            `bot halted (${halt.body.state}); positions NOT closed: ${refusal}`,
            ExitCode.haltedPositionsOpen,
          );
        }
      }
      const response = await emergencyStop(ctx, closing);
      show(ctx, response, (r) => {
        const lines = [`Bot state: ${state(r.state)}`];
        if (closing)
          lines.push(
            `Closed ${r.closed.length} position(s)${r.closed.length ? `: ${r.closed.join(', ')}` : ''}`,
          );
        for (const f of r.failed) lines.push(colors.red(`Failed to close ${f.id}: ${f.reason}`));
        return lines.join('\n');
      });
      // Halted, but not everything is closed: a script must not take that for success.
      const failed = response.body.failed.length;
      if (failed > 0) {
        throw new CliError(
          `bot halted; ${failed} position(s) could not be closed`,
          ExitCode.haltedPositionsOpen,
        );
      }
    });

  bot
    .command('status')
    .description('state, uptime, trades, positions, portfolio value, daily P&L and config')
    .addHelpText('after', examples('ffe-ctl bot status', 'ffe-ctl --json bot status | jq .state'))
    .action(async (_opts, command: Command) => {
      const ctx = context(command);
      show(ctx, await ctx.client.api<BotStatus>('GET', '/bot/status'), renderStatus);
    });

  return bot;
}
