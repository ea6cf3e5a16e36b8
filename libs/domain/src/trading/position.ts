/** Long profits when the price rises, short when it falls. */
export type PositionSide = 'long' | 'short';
export type OrderSide = 'BUY' | 'SELL';

export interface Position {
  id: string;
  assetPair: string;
  side: PositionSide;
  size: number;
  /** Fill price including slippage. */
  entryPrice: number;
  entryFee: number;
  openedAt: number;
  stopLoss?: number;
  takeProfit?: number;
  status: 'open' | 'closed';
  exitPrice?: number;
  exitFee?: number;
  closedAt?: number;
  closeReason?: string;
  realizedPnl?: number;
}

export function sideFor(action: OrderSide): PositionSide {
  return action === 'BUY' ? 'long' : 'short';
}

/** The order side that closes a position. */
export function closingSide(side: PositionSide): OrderSide {
  return side === 'long' ? 'SELL' : 'BUY';
}

/** Price move in our favour times size, before fees. */
export function grossPnl(position: Pick<Position, 'side' | 'size' | 'entryPrice'>, price: number) {
  const move = position.side === 'long' ? price - position.entryPrice : position.entryPrice - price;
  return move * position.size;
}

/** What closing at `price` would realise now, entry fee included, exit fee not yet paid. */
export function unrealizedPnl(position: Position, price: number): number {
  return grossPnl(position, price) - position.entryFee;
}

/** Realised P&L of a close: the price move minus both fees. */
export function realizedPnl(position: Position, exitPrice: number, exitFee: number): number {
  return grossPnl(position, exitPrice) - position.entryFee - exitFee;
}

/**
 * What a position is worth to the account at `price`: the collateral it locked (its entry
 * notional) plus the move. The paper account locks the full notional for both sides.
 */
export function positionValue(position: Position, price: number): number {
  return position.entryPrice * position.size + grossPnl(position, price);
}

/** Stop-loss or take-profit hit at this price, if any (stop-loss wins a tie). */
export function exitTrigger(position: Position, price: number): 'stop_loss' | 'take_profit' | null {
  const { side, stopLoss, takeProfit } = position;
  if (stopLoss !== undefined && (side === 'long' ? price <= stopLoss : price >= stopLoss)) {
    return 'stop_loss';
  }
  if (takeProfit !== undefined && (side === 'long' ? price >= takeProfit : price <= takeProfit)) {
    return 'take_profit';
  }
  return null;
}

/** Stop and target prices `fraction` away from the entry, on the losing and winning side. */
export function protectiveLevels(
  side: PositionSide,
  entry: number,
  stopLoss?: number,
  takeProfit?: number,
): { stopLoss?: number; takeProfit?: number } {
  const sign = side === 'long' ? 1 : -1;
  return {
    stopLoss: stopLoss === undefined ? undefined : entry * (1 - sign * stopLoss),
    takeProfit: takeProfit === undefined ? undefined : entry * (1 + sign * takeProfit),
  };
}
