import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import type { ApiErrorBody } from '@ffe/contracts';
import { httpError, isApiError, type ApiResponse } from '../api-client';
import { context, examples, number, show } from '../context';
import { CliError, ExitCode } from '../exit-codes';
import { colors, money, num, percent, pnl, table } from '../format';

/** The header `POST /bot/manual-trade` dedupes on. */
const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

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
  /** What a SELL sold of the longs (the paper account nets like spot). */
  closed?: ClosedPosition[];
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
    .description(
      'close one position at the market (safe to repeat: already closed is exit 0; 404 unknown)',
    )
    .argument('<id>', 'position id, as `positions list` shows it')
    .addHelpText(
      'after',
      examples('ffe-ctl positions close 7f3c2a1e-...') +
        `
A position closes at most once. Closing one that is already closed (a retry whose first
answer was lost, or a stop that fired first) says how and when it was closed and exits 0:
what was asked for - the position closed - holds.
`,
    )
    .action(async (id: string, _opts, command: Command) => {
      const ctx = context(command);
      const path = `/bot/positions/${encodeURIComponent(id)}/close`;
      const response = await ctx.client.api<ClosedPosition | ApiErrorBody>('POST', path, {
        accept: [409],
      });
      if (response.status === 409) {
        const body = response.body;
        if (!isApiError(body) || body.code !== 'POSITION.CLOSED')
          throw httpError(response.status, body, `POST ${path}`);
        show(ctx, response, () => `Already closed: ${body.message}`);
        return;
      }
      show(ctx, response as ApiResponse<ClosedPosition>, (p) =>
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
    .option(
      '--expires-at <time>',
      'a limit order not filled by then is dropped (ISO-8601, e.g. 2026-01-02T00:00:00Z)',
    )
    .option(
      '--idempotency-key <key>',
      'names this trade (1-128 of A-Z a-z 0-9 . _ : -): the same key again never trades ' +
        'twice; absent: a new key for this run',
    )
    .addHelpText(
      'after',
      examples(
        'ffe-ctl trade --pair BTCUSD --action BUY --size 0.01',
        'ffe-ctl trade --pair ETHUSD --action BUY --size 0.5 --price 3000 --stop-loss 2900',
        'ffe-ctl trade --pair ETHUSD --action SELL --size 0.2  # sells 0.2 of the ETHUSD long',
        'ffe-ctl trade --pair BTCUSD --action BUY --size 0.01 --idempotency-key rebalance-0612',
      ) +
        `
Every trade is sent with an Idempotency-Key header, so the API fills it at most once however
often the request arrives. If a run times out or loses the connection, the order may have
been placed: run again with the --idempotency-key the error names to retry without trading
twice (the API answers the first trade, "replayed").
`,
    )
    .action(async (opts, command: Command) => {
      const ctx = context(command);
      // One key per invocation, chosen before the first byte leaves: whatever answer is lost,
      // the same key sent again (by a retry or by the operator) gets the same single trade.
      const key: string = opts.idempotencyKey ?? `ffe-ctl-${randomUUID()}`;
      let response: ApiResponse<ManualTradeResult>;
      try {
        response = await ctx.client.api<ManualTradeResult>('POST', '/bot/manual-trade', {
          headers: { [IDEMPOTENCY_KEY_HEADER]: key },
          body: {
            asset_pair: opts.pair,
            action: opts.action,
            size: opts.size,
            price: opts.price,
            stop_loss: opts.stopLoss,
            take_profit: opts.takeProfit,
            expires_at: opts.expiresAt,
          },
        });
      } catch (error) {
        // No answer: the order may or may not have been placed. Name the key to retry with.
        if (
          error instanceof CliError &&
          (error.exitCode === ExitCode.timeout || error.exitCode === ExitCode.unreachable)
        ) {
          throw new CliError(
            `${error.message}; the order may have been placed: to retry without trading twice, ` +
              `add --idempotency-key ${key}`,
            error.exitCode,
          );
        }
        throw error;
      }
      show(ctx, response, (r) => {
        const head = `Order ${r.order_id}: ${r.status}${r.replayed ? ' (replayed)' : ''}${r.reason ? ` - ${r.reason}` : ''}`;
        const sold = (r.closed ?? []).map(
          (c) =>
            `sold ${c.size} ${c.asset_pair} at ${c.exit_price}, realized P&L ${c.realized_pnl}`,
        );
        if (r.position) return `${head}\n${positionsTable([r.position])}`;
        return [head, ...sold].join('\n');
      });
    });
}
