import {
  emergencyStoppedError,
  type Balances,
  type BotState,
  type OrderRequest,
  type OrderResult,
  type Position,
  type TradingPlatform,
} from '@ffe/domain';

/** What the boundary needs to know about the bot, read fresh before every order. */
export interface OrderGate {
  state: BotState;
  config: { dry_run: boolean };
  /** The bot's compare-and-set version this read saw. */
  version: number;
}

/**
 * The boundary where orders leave: wraps the real platform and re-reads the bot right before
 * anything could open a position. While the emergency stop is latched no new entry leaves
 * (a 409 `BOT.EMERGENCY_STOPPED`, whichever code path asks); while `dry_run` is set no new
 * risk leaves (orders, limit orders, pending fills answer `dry_run` or nothing). Exits of
 * positions that exist (stop-loss, take-profit, emergency, manual, signal-reversal closes)
 * and cancels always pass, in dry-run and during an emergency stop alike: they reduce risk,
 * and holding them would leave a real position unprotected. Reads pass through. Sitting here — not in the services that decide — means no code path can
 * trade around it; what it cannot stop is an order already sent when the stop lands.
 */
export class GuardedTradingPlatform implements TradingPlatform {
  readonly name: string;
  readonly supportsShorts: boolean;

  constructor(
    private readonly inner: TradingPlatform,
    private readonly readGate: () => Promise<OrderGate>,
  ) {
    this.name = inner.name;
    this.supportsShorts = inner.supportsShorts;
  }

  async placeOrder(params: { order: OrderRequest }): Promise<OrderResult> {
    const gate = await this.entryGate();
    if (gate.config.dry_run) {
      return {
        orderId: `dry-run:${params.order.idempotencyKey}`,
        status: 'dry_run',
        replayed: false,
      };
    }
    return this.inner.placeOrder(params);
  }

  /** An exit of a position that exists: never held, whatever the bot's mode. */
  closePosition(params: Parameters<TradingPlatform['closePosition']>[0]): Promise<Position> {
    return this.inner.closePosition(params);
  }

  /** A pending limit order that fills opens a position: an entry like any other. */
  async matchPendingOrders(params: { prices: Record<string, number>; at: number }) {
    const gate = await this.entryGate();
    if (gate.config.dry_run) return [];
    return this.inner.matchPendingOrders(params);
  }

  haltEntries(params: { version: number }): Promise<void> {
    return this.inner.haltEntries?.(params) ?? Promise.resolve();
  }
  resumeEntries(params: { version: number }): Promise<void> {
    return this.inner.resumeEntries?.(params) ?? Promise.resolve();
  }

  /** Cancelling sends nothing to a venue: allowed in dry-run and during an emergency stop. */
  cancelPendingOrders(): Promise<number> {
    return this.inner.cancelPendingOrders();
  }
  tradeCount(): Promise<number> {
    return this.inner.tradeCount();
  }
  openPositions(): Promise<Position[]> {
    return this.inner.openPositions();
  }
  /** Sends nothing: a lookup of what an order under the key got. */
  orderByKey(params: { idempotencyKey: string; assetPair: string }) {
    return this.inner.orderByKey(params);
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

  /**
   * The gate for a new entry: refused outright while the emergency stop is latched, and the
   * venue's halt asserted again on the way (a halt lost or lifted by a start that lost the
   * race keeps the fills of everyone after refused; see docs/architecture.md).
   */
  private async entryGate(): Promise<OrderGate> {
    const gate = await this.readGate();
    if (gate.state === 'emergency_stopped') {
      await this.haltEntries({ version: gate.version }).catch(() => undefined);
      throw emergencyStoppedError();
    }
    return gate;
  }
}
