import {
  ConflictError,
  type Balances,
  type OrderRequest,
  type OrderResult,
  type Position,
  type TradingPlatform,
} from '@ffe/domain';

/**
 * The dry-run boundary: wraps the real platform, and while `isDryRun()` says so no order and
 * no close leaves for it. Reads pass through. Sitting here — not in the services that decide —
 * means no code path can trade around it.
 */
export class DryRunTradingPlatform implements TradingPlatform {
  readonly name: string;

  constructor(
    private readonly inner: TradingPlatform,
    private readonly isDryRun: () => Promise<boolean>,
  ) {
    this.name = inner.name;
  }

  async placeOrder(params: { order: OrderRequest }): Promise<OrderResult> {
    if (await this.isDryRun()) {
      return {
        orderId: `dry-run:${params.order.idempotencyKey}`,
        status: 'dry_run',
        replayed: false,
      };
    }
    return this.inner.placeOrder(params);
  }

  async closePosition(params: {
    positionId: string;
    price: number;
    reason: string;
    at: number;
  }): Promise<Position> {
    if (await this.isDryRun()) {
      throw new ConflictError('ORDER.DRY_RUN', 'the bot runs in dry-run mode: no order leaves');
    }
    return this.inner.closePosition(params);
  }

  async matchPendingOrders(params: { prices: Record<string, number>; at: number }) {
    if (await this.isDryRun()) return [];
    return this.inner.matchPendingOrders(params);
  }

  /** Cancelling sends nothing to a venue: allowed in dry-run too. */
  cancelPendingOrders(): Promise<number> {
    return this.inner.cancelPendingOrders();
  }
  tradeCount(): Promise<number> {
    return this.inner.tradeCount();
  }
  openPositions(): Promise<Position[]> {
    return this.inner.openPositions();
  }
  getPosition(params: { positionId: string }): Promise<Position | undefined> {
    return this.inner.getPosition(params);
  }
  balances(params: { prices: Record<string, number> }): Promise<Balances> {
    return this.inner.balances(params);
  }
  closedPositions(params: { since: number }): Promise<Position[]> {
    return this.inner.closedPositions(params);
  }
}
