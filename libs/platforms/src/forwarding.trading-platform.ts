import type {
  Balances,
  ClosePositionParams,
  OrderRequest,
  OrderResult,
  Position,
  TradingPlatform,
} from '@ffe/domain';

/**
 * A platform that hands every call to the one it wraps: the base of the boundary's decorators
 * (the guard, the meter), which override only the calls they act on and inherit the rest, so a
 * method added to the port is forwarded everywhere by adding it here once.
 */
export abstract class ForwardingTradingPlatform implements TradingPlatform {
  readonly name: string;
  readonly supportsShorts: boolean;

  protected constructor(protected readonly inner: TradingPlatform) {
    this.name = inner.name;
    this.supportsShorts = inner.supportsShorts;
  }

  placeOrder(params: { order: OrderRequest }): Promise<OrderResult> {
    return this.inner.placeOrder(params);
  }
  closePosition(params: ClosePositionParams): Promise<Position> {
    return this.inner.closePosition(params);
  }
  /** Sends nothing: a lookup of what an order under the key got. */
  orderByKey(params: { idempotencyKey: string; assetPair: string }) {
    return this.inner.orderByKey(params);
  }
  openPositions(): Promise<Position[]> {
    return this.inner.openPositions();
  }
  getPosition(params: { positionId: string }): Promise<Position | undefined> {
    return this.inner.getPosition(params);
  }
  matchPendingOrders(params: { prices: Record<string, number>; at: number }) {
    return this.inner.matchPendingOrders(params);
  }
  balances(params: { prices: Record<string, number> }): Promise<Balances> {
    return this.inner.balances(params);
  }
  haltEntries(params: { version: number }): Promise<void> {
    return this.inner.haltEntries?.(params) ?? Promise.resolve();
  }
  resumeEntries(params: { version: number }): Promise<void> {
    return this.inner.resumeEntries?.(params) ?? Promise.resolve();
  }
  cancelPendingOrders(): Promise<number> {
    return this.inner.cancelPendingOrders();
  }
  tradeCount(): Promise<number> {
    return this.inner.tradeCount();
  }
  closedPositions(params: { since: number }): Promise<Position[]> {
    return this.inner.closedPositions(params);
  }
}
