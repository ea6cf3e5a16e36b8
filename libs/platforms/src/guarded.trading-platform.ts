import {
  emergencyStoppedError,
  type BotState,
  type OrderRequest,
  type OrderResult,
  type TradingPlatform,
} from '@ffe/domain';
import { ForwardingTradingPlatform } from './forwarding.trading-platform';

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
export class GuardedTradingPlatform extends ForwardingTradingPlatform {
  constructor(
    inner: TradingPlatform,
    private readonly readGate: () => Promise<OrderGate>,
  ) {
    super(inner);
  }

  override async placeOrder(params: { order: OrderRequest }): Promise<OrderResult> {
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

  // Exits of positions that exist (closePosition), cancels and reads are inherited: they
  // pass whatever the bot's mode, in dry-run and during an emergency stop alike.

  /** A pending limit order that fills opens a position: an entry like any other. */
  override async matchPendingOrders(params: { prices: Record<string, number>; at: number }) {
    const gate = await this.entryGate();
    if (gate.config.dry_run) return [];
    return this.inner.matchPendingOrders(params);
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
