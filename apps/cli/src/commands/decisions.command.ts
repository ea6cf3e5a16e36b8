import { Command } from 'commander';
import { context, examples, integer, show } from '../context';
import { colors, fraction, keyValues, money, table } from '../format';

interface DecisionView {
  decision_id: string;
  asset_pair: string;
  action: string;
  confidence: number;
  reasoning: string;
  provider: string;
  created_at: string;
  price?: number;
  outcome?: string;
  note?: string | null;
}

function action(value: string): string {
  if (value === 'BUY') return colors.green(value);
  if (value === 'SELL') return colors.red(value);
  return value;
}

export function decisionsCommand(): Command {
  const decisions = new Command('decisions').description('ask for and review trading decisions');

  decisions
    .command('list')
    .description('recorded decisions, newest first')
    .option('--limit <n>', 'how many (1-100)', integer('--limit'), 10)
    .addHelpText('after', examples('ffe-ctl decisions list', 'ffe-ctl decisions list --limit 50'))
    .action(async (opts, command: Command) => {
      const ctx = context(command);
      const response = await ctx.client.api<{ decisions: DecisionView[]; count: number }>(
        'GET',
        '/decisions',
        { query: { limit: opts.limit } },
      );
      show(ctx, response, (r) =>
        r.count === 0
          ? 'No decisions recorded yet.'
          : table(
              ['Time', 'Pair', 'Action', 'Confidence', 'Price', 'Provider', 'Outcome', 'ID'],
              r.decisions.map((d) => [
                d.created_at,
                d.asset_pair,
                action(d.action),
                fraction(d.confidence),
                money(d.price),
                d.provider,
                d.outcome ?? '-',
                d.decision_id,
              ]),
              [3, 4],
            ),
      );
    });

  decisions
    .command('create')
    .description('decide now for one pair (recorded, never executed)')
    .requiredOption('--pair <pair>', 'asset pair, e.g. BTCUSD')
    .option(
      '--provider <name>',
      'ensemble (default), sma_crossover, ema_crossover, rsi_mean_reversion, macd_momentum',
    )
    .addHelpText(
      'after',
      examples(
        'ffe-ctl decisions create --pair BTCUSD',
        'ffe-ctl decisions create --pair ETHUSD --provider sma_crossover',
      ),
    )
    .action(async (opts, command: Command) => {
      const ctx = context(command);
      const response = await ctx.client.api<DecisionView>('POST', '/decisions', {
        body: { asset_pair: opts.pair, provider: opts.provider },
      });
      show(ctx, response, (d) =>
        keyValues([
          ['Decision', d.decision_id],
          ['Pair', d.asset_pair],
          ['Action', action(d.action)],
          ['Confidence', fraction(d.confidence)],
          ['Price', money(d.price)],
          ['Provider', d.provider],
          ['Reasoning', d.reasoning],
          ['Created', d.created_at],
        ]),
      );
    });

  return decisions;
}
