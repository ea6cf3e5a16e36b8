import {
  ConflictError,
  EMERGENCY_STOPPED,
  type ClosePositionParams,
  type OrderOutcomeStatus,
  type OrderRequest,
  type OrderResult,
  type OrderTelemetry,
  type Position,
  type TradingPlatform,
} from '@ffe/domain';

/** Statuses of orders that never reached the venue: no venue latency to report. */
const NOT_SENT: ReadonlySet<OrderOutcomeStatus> = new Set(['dry_run', 'replayed', 'refused']);

/**
 * The platform boundary, measured: every order placed through it is reported once, with what
 * became of it and, when it went to the venue, how long that took. It wraps the guarded platform,
 * so orders the guard answers (dry-run) or refuses (the emergency stop) are counted with that
 * status. A replayed key is the earlier result, not a new order: it is reported as `replayed`.
 * Everything else passes through untouched.
 */
export class MeteredTradingPlatform implements TradingPlatform {
  readonly name: string;
  readonly supportsShorts: boolean;

  constructor(
    private readonly inner: TradingPlatform,
    private readonly telemetry: OrderTelemetry,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.name = inner.name;
    this.supportsShorts = inner.supportsShorts;
  }

  async placeOrder(params: { order: OrderRequest }): Promise<OrderResult> {
    const started = this.now();
    const report = (status: OrderOutcomeStatus) =>
      this.telemetry.order({
        platform: this.name,
        side: params.order.side,
        status,
        seconds: NOT_SENT.has(status) ? undefined : (this.now() - started) / 1_000,
      });
    try {
      const result = await this.inner.placeOrder(params);
      report(result.replayed ? 'replayed' : result.status);
      return result;
    } catch (error) {
      const refused = error instanceof ConflictError && error.code === EMERGENCY_STOPPED;
      report(refused ? 'refused' : 'error');
      throw error;
    }
  }

  closePosition(params: ClosePositionParams): Promise<Position> {
    return this.inner.closePosition(params);
  }
  orderByKey(params: { idempotencyKey: string; assetPair: string }) {
    return this.inner.orderByKey(params);
  }
  openPositions(): Promise<Position[]> {
    return this.inner.openPositions();
  }
  getPosition(params: { positionId: string }) {
    return this.inner.getPosition(params);
  }
  matchPendingOrders(params: { prices: Record<string, number>; at: number }) {
    return this.inner.matchPendingOrders(params);
  }
  balances(params: { prices: Record<string, number> }) {
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
