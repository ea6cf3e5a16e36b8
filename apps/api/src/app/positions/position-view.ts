import { unrealizedPnl, type Position } from '@ffe/domain';

/** A position as the API shows it (snake_case, original engine's fields first). */
export function positionView(position: Position, currentPrice: number) {
  const pnl = unrealizedPnl(position, currentPrice);
  const cost = position.entryPrice * position.size;
  return {
    id: position.id,
    asset_pair: position.assetPair,
    side: position.side,
    size: position.size,
    entry_price: position.entryPrice,
    current_price: currentPrice,
    unrealized_pnl: pnl,
    unrealized_pnl_pct: cost > 0 ? (pnl / cost) * 100 : 0,
    stop_loss: position.stopLoss ?? null,
    take_profit: position.takeProfit ?? null,
    opened_at: new Date(position.openedAt).toISOString(),
  };
}

/** A closed position as a close answers it. */
export function closedView(position: Position) {
  return {
    id: position.id,
    asset_pair: position.assetPair,
    side: position.side,
    size: position.size,
    entry_price: position.entryPrice,
    exit_price: position.exitPrice ?? null,
    realized_pnl: position.realizedPnl ?? null,
    close_reason: position.closeReason ?? null,
    closed_at: position.closedAt ? new Date(position.closedAt).toISOString() : null,
    status: position.status,
  };
}
