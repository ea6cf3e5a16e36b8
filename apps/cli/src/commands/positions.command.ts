import { Command } from 'commander';
import { context, examples, number, show } from '../context';
import { colors, money, num, percent, pnl, table } from '../format';

export interface PositionView {
  id: string;
  asset_pair: string;
  side: string;
  size: number;
  entry_price: number;
  current_price: number;
  unrealized_pnl: number;
  unrealized_pnl_pct: number;
  stop_loss: number | null;
  take_profit: number | null;
  opened_at: string;
}

interface PositionList {
  positions: PositionView[];
  count: number;
  total_value: number;
}

interface ClosedPosition {
  id: string;
  asset_pair: string;
  side: string;
  size: number;
  entry_price: number;
  exit_price: number | null;
  realized_pnl: number | null;
  close_reason: string | null;
  closed_at: string | null;
  status: string;
}

interface ManualTradeResult {
  order_id: string;
  status: string;
  replayed: boolean;
  reason: string | null;
  position: PositionView | null;
}

export function positionsTable(positions: PositionView[]): string {
  return table(
    [
      'ID',
      'Pair',
      'Side',
      'Size',
      'Entry',
      'Current',
      'Unrealized P&L',
      'P&L %',
      'Stop',
      'Target',
      'Opened',
    ],
    positions.map((p) => [
      p.id,
      p.asset_pair,
      p.side,
      num(p.size),
      money(p.entry_price),
      money(p.current_price),
      pnl(p.unrealized_pnl),
      percent(p.unrealized_pnl_pct, true),
      money(p.stop_loss),
      money(p.take_profit),
      p.opened_at,
    ]),
    [3, 4, 5, 6, 7, 8, 9],
  );
}

export function positionsCommand(): Command {
  const positions = new Command('positions').description('list and close open positions');

  positions
    .command('list')
    .description('open positions at the current price')
    .addHelpText(
      'after',
      examples('ffe-ctl positions list', 'ffe-ctl --json positions list | jq ".positions[].id"'),
    )
    .action(async (_opts, command: Command) => {
      const ctx = context(command);
      const response = await ctx.client.api<PositionList>('GET', '/bot/positions');
      show(ctx, response, (r) =>
        r.count === 0
          ? 'No open positions.'
          : `${positionsTable(r.positions)}\n${r.count} position(s), total value ${money(r.total_value)}`,
      );
    });

  positions
    .command('close')
    .description('close one position at the market (404 unknown, 409 already closed)')
    .argument('<id>', 'position id, as `positions list` shows it')
    .addHelpText('after', examples('ffe-ctl positions close 7f3c2a1e-...'))
    .action(async (id: string, _opts, command: Command) => {
      const ctx = context(command);
      const response = await ctx.client.api<ClosedPosition>(
        'POST',
        `/bot/positions/${encodeURIComponent(id)}/close`,
      );
      show(ctx, response, (p) =>
        [
          `${colors.bold('Closed')} ${p.id} (${p.side} ${num(p.size)} ${p.asset_pair})`,
          `entry ${money(p.entry_price)}  exit ${money(p.exit_price)}  realized ${pnl(p.realized_pnl)}`,
        ].join('\n'),
      );
    });

  return positions;
}

export function tradeCommand(): Command {
  return new Command('trade')
    .description('place a manual order (market, or limit with --price)')
    .requiredOption('--pair <pair>', 'asset pair, e.g. BTCUSD')
    .requiredOption('--action <action>', 'BUY or SELL', (v: string) => v.toUpperCase())
    .requiredOption('--size <units>', 'units of the base asset (> 0)', number('--size'))
    .option('--price <price>', 'limit price; absent: a market order', number('--price'))
    .option('--stop-loss <price>', 'stop-loss price', number('--stop-loss'))
    .option('--take-profit <price>', 'take-profit price', number('--take-profit'))
    .addHelpText(
      'after',
      examples(
        'ffe-ctl trade --pair BTCUSD --action BUY --size 0.01',
        'ffe-ctl trade --pair ETHUSD --action SELL --size 0.5 --price 3500 --stop-loss 3600',
      ),
    )
    .action(async (opts, command: Command) => {
      const ctx = context(command);
      const response = await ctx.client.api<ManualTradeResult>('POST', '/bot/manual-trade', {
        body: {
          asset_pair: opts.pair,
          action: opts.action,
          size: opts.size,
          price: opts.price,
          stop_loss: opts.stopLoss,
          take_profit: opts.takeProfit,
        },
      });
      show(ctx, response, (r) => {
        const head = `Order ${r.order_id}: ${r.status}${r.replayed ? ' (replayed)' : ''}${r.reason ? ` - ${r.reason}` : ''}`;
        return r.position ? `${head}\n${positionsTable([r.position])}` : head;
      });
    });
}
