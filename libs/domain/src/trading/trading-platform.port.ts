import type { OrderSide, Position } from './position';

export interface OrderRequest {
  /** Derived from the decision (or request) id: the same key never trades twice. */
  idempotencyKey: string;
  assetPair: string;
  side: OrderSide;
  /** Units of the base asset (> 0). */
  size: number;
  /** The market price the order is valued at (last close). */
  marketPrice: number;
  /** A limit order fills only at this price or better; absent: market order. */
  limitPrice?: number;
  /** A limit order not filled by then (epoch ms) is dropped; absent: the venue's default. */
  expiresAt?: number;
  /** Absolute stop-loss / take-profit prices for the position it opens. */
  stopLoss?: number;
  takeProfit?: number;
  at: number;
}

/** A close at `price`. */
export interface ClosePositionParams {
  positionId: string;
  price: number;
  reason: string;
  at: number;
  /**
   * Where the venue can keep one (the paper account): the close's result is stored under this
   * key beside the orders' results, so a close sent again with it answers the earlier close, and
   * an order sent with it answers that close instead of trading. A trading cycle passes the key
   * its decision would place an order under: one decision, one side effect. Without a key a
   * position still closes once (ConflictError after).
   */
  idempotencyKey?: string;
}

export type OrderStatus = 'filled' | 'pending' | 'rejected' | 'dry_run';

export interface OrderResult {
  orderId: string;
  status: OrderStatus;
  /** Set when filled: the position it opened. */
  position?: Position;
  /**
   * Set when a SELL reduced longs instead (a netting account): the closed records it made —
   * whole longs, and the sold part of one — each with its exit and realised P&L.
   */
  closed?: Position[];
  reason?: string;
  /**
   * Set when the key was taken by a close rather than an order (a cycle's signal-reversal
   * close): the position that close closed. Nothing was opened.
   */
  keyedClose?: Position;
  /** True when the key had been used: this is the earlier result, nothing traded now. */
  replayed: boolean;
}

export interface Balances {
  /** Free cash in the quote currency. */
  cash: number;
  /** Cash plus open positions at `prices`. */
  portfolioValue: number;
  realizedPnl: number;
  unrealizedPnl: number;
}

/** Where orders go (the paper account, an exchange). All state lives behind it. */
export interface TradingPlatform {
  readonly name: string;
  /**
   * Whether a SELL with no long open may open a short. False for a spot account, where a
   * SELL only reduces a long: the risk rules then never propose an uncovered SELL.
   */
  readonly supportsShorts: boolean;
  placeOrder(params: { order: OrderRequest }): Promise<OrderResult>;
  /**
   * Closes at `price`. NotFoundError for an unknown id, ConflictError when already closed (or
   * when its idempotency key was used by an order); a key used by this close answers it again.
   */
  closePosition(params: ClosePositionParams): Promise<Position>;
  /**
   * The result an order (or a keyed close) sent with this key got, marked replayed; undefined
   * when none was. Sends nothing: how a retried cycle learns what its decision already did.
   */
  orderByKey(params: {
    idempotencyKey: string;
    assetPair: string;
  }): Promise<OrderResult | undefined>;
  openPositions(): Promise<Position[]>;
  getPosition(params: { positionId: string }): Promise<Position | undefined>;
  /**
   * Fills pending limit orders the prices now reach; returns the positions opened. A pending
   * order past its expiry is dropped, never filled.
   */
  matchPendingOrders(params: { prices: Record<string, number>; at: number }): Promise<Position[]>;
  balances(params: { prices: Record<string, number> }): Promise<Balances>;
  /**
   * Optional (a venue that cannot, omits it): refuses every fill from now on, inside the fill
   * itself, with the 409 `BOT.EMERGENCY_STOPPED` — what closes the window between the bot
   * read before an order and the fill. Set before the emergency stop's compare-and-set;
   * `version` is the bot version that compare-and-set is based on (a halt keeps the highest).
   */
  haltEntries?(params: { version: number }): Promise<void>;
  /**
   * Lifts a halt set at a bot version below `version`, where the bot is known not to be
   * emergency-stopped: a halt of a stop that raced this start, and won, stays.
   */
  resumeEntries?(params: { version: number }): Promise<void>;
  /** Drops every pending (unfilled limit) order; returns how many. */
  cancelPendingOrders(): Promise<number>;
  /** Positions ever opened on this account. */
  tradeCount(): Promise<number>;
  /** Trades closed since `since` (epoch ms), oldest first. */
  closedPositions(params: { since: number }): Promise<Position[]>;
}
