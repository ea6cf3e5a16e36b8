import { InvalidInputError, type OrderSide } from '@ffe/domain';

/**
 * The price a manual order will fill at: a limit that the market already reaches fills at
 * the market (a buy never pays more, a sell never gets less), any other limit at its limit,
 * a market order at the market.
 */
export function fillPrice(side: OrderSide, marketPrice: number, limitPrice?: number): number {
  if (limitPrice === undefined) return marketPrice;
  return side === 'BUY' ? Math.min(limitPrice, marketPrice) : Math.max(limitPrice, marketPrice);
}

/**
 * Stops on the losing side and targets on the winning side of the price the order fills at,
 * not of today's market: a buy limit at 30,000 with a stop at 50,000 would be stopped out the
 * moment it filled. A 400 naming the field otherwise.
 */
export function assertLevels(
  order: { side: OrderSide; stopLoss?: number; takeProfit?: number },
  price: number,
): void {
  const long = order.side === 'BUY';
  const what = order.side === 'BUY' ? 'buy' : 'sell';
  if (order.stopLoss !== undefined && (long ? order.stopLoss >= price : order.stopLoss <= price)) {
    throw new InvalidInputError(
      'ORDER.STOP_LOSS',
      `stop_loss must be ${long ? 'below' : 'above'} the price this ${what} fills at (${price})`,
      'stop_loss',
    );
  }
  if (
    order.takeProfit !== undefined &&
    (long ? order.takeProfit <= price : order.takeProfit >= price)
  ) {
    throw new InvalidInputError(
      'ORDER.TAKE_PROFIT',
      `take_profit must be ${long ? 'above' : 'below'} the price this ${what} fills at (${price})`,
      'take_profit',
    );
  }
}
