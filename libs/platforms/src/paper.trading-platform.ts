import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  DomainError,
  emergencyStoppedError,
  InvalidInputError,
  NotFoundError,
  positionValue,
  realizedPnl,
  sideFor,
  unrealizedPnl,
  type Balances,
  type ClosePositionParams,
  type OrderRequest,
  type OrderResult,
  type OrderSide,
  type Position,
  type TradingPlatform,
  UnavailableError,
} from '@ffe/domain';
import type { Cluster, Redis } from 'ioredis';
import { paperKeys, type PaperKeys } from './paper-keys';
import { PaperPendingBook, type PendingOrder } from './paper-pending-book';
import { CLOSE_POSITION, HALT_ENTRIES, OPEN_POSITION, RESUME_ENTRIES } from './paper-scripts';
import { PaperSeller } from './paper-seller';

export interface PaperPlatformOptions {
  redis: Redis | Cluster;
  initialBalance: number;
  /** Fee per fill, percent of notional (0.1 = 0.1 %). */
  feePct: number;
  /** Price moves against every market fill by this percent. */
  slippagePct: number;
  /** A SELL with no long open opens a short (a margin account); default false: spot. */
  allowShorts?: boolean;
  /** How long a limit order without its own expiry stays pending (ms); default 24 h. */
  pendingTtlMs?: number;
  keyPrefix?: string;
}

const DEFAULT_PENDING_TTL_MS = 86_400_000;

/**
 * The paper account: a cash balance in the quote currency, market and limit orders filled at
 * the market price with slippage and fees, positions with stop-loss / take-profit. It nets
 * like a spot account: a SELL sells the pair's longs (closes or reduces them), and one with
 * no long to sell, or more than it holds, is refused — unless `allowShorts`, where a SELL
 * with no long open opens a short. So cash never goes negative by default. Every
 * state change is one Lua script (see paper-scripts.ts), and every order carries an
 * idempotency key, so a retried job gets the earlier result instead of a second fill.
 */
export class PaperTradingPlatform implements TradingPlatform {
  readonly name = 'paper';
  readonly supportsShorts: boolean;
  private readonly keys: PaperKeys;
  private readonly pending: PaperPendingBook;
  private readonly seller: PaperSeller;
  private funded = false;

  constructor(private readonly options: PaperPlatformOptions) {
    this.keys = paperKeys(options.keyPrefix);
    this.supportsShorts = options.allowShorts ?? false;
    const { redis } = options;
    const ttlMs = options.pendingTtlMs ?? DEFAULT_PENDING_TTL_MS;
    this.pending = new PaperPendingBook(redis, this.keys, ttlMs);
    const fee = (price: number, size: number) => this.fee(price, size);
    this.seller = new PaperSeller({
      redis,
      keys: this.keys,
      supportsShorts: this.supportsShorts,
      fee,
    });
    // Every public method: a Redis failure becomes UnavailableError (503, retryable), never a
    // raw driver error. Each script is atomic, so a failed call changed nothing or everything.
    for (const method of PUBLIC_METHODS) {
      const original = this[method].bind(this) as (...args: unknown[]) => Promise<unknown>;
      (this as Record<string, unknown>)[method] = (...args: unknown[]) =>
        original(...args).catch((error: unknown) => {
          if (error instanceof DomainError) throw error;
          throw new UnavailableError(
            'PLATFORM.UNAVAILABLE',
            'the paper account (Redis) is unavailable',
            {
              cause: error,
            },
          );
        });
    }
  }

  /** Funds a new account once; an existing one keeps its balance across restarts. */
  async init(): Promise<void> {
    await this.options.redis.hsetnx(this.keys.account, 'cash', this.options.initialBalance);
    this.funded = true;
    // Pending orders kept before they had an expiry get the default one, once.
    await this.pending.adoptWithoutExpiry(Date.now());
  }

  async placeOrder({ order }: { order: OrderRequest }): Promise<OrderResult> {
    if (!(order.size > 0)) throw new InvalidInputError('ORDER.SIZE', 'size must be > 0', 'size');
    if (!(order.marketPrice > 0)) throw new InvalidInputError('ORDER.PRICE', 'no market price');
    // A retry answers what the key first did, even once the long it sold is gone.
    const prior = await this.options.redis.hget(this.keys.orders, order.idempotencyKey);
    if (prior) return { ...(JSON.parse(prior) as OrderResult), replayed: true };
    if (order.side === 'SELL') await this.seller.sellableLongs(order);
    if (
      order.limitPrice !== undefined &&
      !reaches(order.side, order.marketPrice, order.limitPrice)
    ) {
      return this.pending.place(order);
    }
    return this.fill(order, '');
  }

  async closePosition(params: ClosePositionParams): Promise<Position> {
    const key = params.idempotencyKey ?? '';
    if (key) {
      const earlier = await this.orderByKey({ idempotencyKey: key, assetPair: '' });
      if (earlier) return closedBy(earlier, params);
    }
    const position = await this.getPosition({ positionId: params.positionId });
    if (!position) {
      throw new NotFoundError('POSITION.NOT_FOUND', `no position ${params.positionId}`);
    }
    if (position.status === 'closed') {
      throw new ConflictError('POSITION.CLOSED', `position ${params.positionId} is already closed`);
    }
    const exitSide: OrderSide = position.side === 'long' ? 'SELL' : 'BUY';
    const exitPrice = this.slipped(exitSide, params.price);
    const exitFee = this.fee(exitPrice, position.size);
    const pnl = realizedPnl(position, exitPrice, exitFee);
    const closed: Position = {
      ...position,
      status: 'closed',
      exitPrice,
      exitFee,
      closedAt: params.at,
      closeReason: params.reason,
      realizedPnl: pnl,
    };
    const proceeds = positionValue(position, exitPrice) - exitFee;
    // The close's answer to an order sent under its key: filled, by this close; nothing opened.
    const record: OrderResult = {
      orderId: `close-${position.id}`,
      status: 'filled',
      keyedClose: closed,
      replayed: false,
    };
    const k = this.keys;
    const [outcome, prior] = (await this.options.redis.eval(
      CLOSE_POSITION,
      6,
      k.account,
      k.positions,
      k.open,
      k.closed,
      k.ledger,
      k.orders,
      position.id,
      JSON.stringify(closed),
      String(proceeds),
      String(pnl),
      String(params.at),
      key,
      JSON.stringify(record),
    )) as [string, string];
    if (outcome === 'replayed') return closedBy(JSON.parse(prior) as OrderResult, params);
    if (outcome === 'closed') {
      throw new ConflictError('POSITION.CLOSED', `position ${params.positionId} is already closed`);
    }
    if (outcome === 'not_found') {
      throw new NotFoundError('POSITION.NOT_FOUND', `no position ${params.positionId}`);
    }
    return closed;
  }

  async orderByKey({ idempotencyKey }: { idempotencyKey: string; assetPair: string }) {
    const raw = await this.options.redis.hget(this.keys.orders, idempotencyKey);
    return raw ? { ...(JSON.parse(raw) as OrderResult), replayed: true } : undefined;
  }

  async openPositions(): Promise<Position[]> {
    const ids = await this.options.redis.smembers(this.keys.open);
    return this.load(ids);
  }

  async getPosition({ positionId }: { positionId: string }): Promise<Position | undefined> {
    const raw = await this.options.redis.hget(this.keys.positions, positionId);
    return raw ? (JSON.parse(raw) as Position) : undefined;
  }

  async closedPositions({ since }: { since: number }): Promise<Position[]> {
    const ids = await this.options.redis.zrangebyscore(this.keys.closed, since, '+inf');
    return this.load(ids);
  }

  async matchPendingOrders({
    prices,
    at,
  }: {
    prices: Record<string, number>;
    at: number;
  }): Promise<Position[]> {
    const opened: Position[] = [];
    for (const order of await this.pending.live(at)) {
      // Placed after the cycle's time (a retried or late cycle): the next cycle's to fill, so
      // no position is dated before the order that opened it.
      if (order.at > at) continue;
      const price = prices[order.assetPair];
      if (price === undefined || !reaches(order.side, price, order.limitPrice ?? price)) continue;
      const result = await this.fillPending({ ...order, marketPrice: price, at });
      if (result?.position) opened.push(result.position);
    }
    return opened;
  }

  /** A pending SELL whose long was sold or closed meanwhile can no longer fill: dropped. */
  private async fillPending(order: PendingOrder) {
    try {
      return await this.fill(order, order.orderId);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      await this.pending.drop(order);
      return undefined;
    }
  }

  async balances({ prices }: { prices: Record<string, number> }): Promise<Balances> {
    const [account, open] = await Promise.all([
      this.options.redis.hgetall(this.keys.account),
      this.openPositions(),
    ]);
    const cash = Number(account.cash ?? this.options.initialBalance);
    let held = 0;
    let unrealized = 0;
    for (const position of open) {
      const price = prices[position.assetPair] ?? position.entryPrice;
      held += positionValue(position, price);
      unrealized += unrealizedPnl(position, price);
    }
    return {
      cash,
      portfolioValue: cash + held,
      realizedPnl: Number(account.realized_pnl ?? 0),
      unrealizedPnl: unrealized,
    };
  }

  cancelPendingOrders(): Promise<number> {
    return this.pending.cancelAll();
  }

  /** The emergency stop's halt, checked inside every fill script (same Cluster slot). */
  async haltEntries({ version }: { version: number }): Promise<void> {
    await this.options.redis.eval(HALT_ENTRIES, 1, this.keys.halt, String(version));
  }

  async resumeEntries({ version }: { version: number }): Promise<void> {
    await this.options.redis.eval(RESUME_ENTRIES, 1, this.keys.halt, String(version));
  }

  /** Trades ever opened on this account. */
  async tradeCount(): Promise<number> {
    return Number((await this.options.redis.hget(this.keys.account, 'trades')) ?? 0);
  }

  private async fill(order: OrderRequest, pendingOrderId: string): Promise<OrderResult> {
    if (!this.funded) await this.init();
    const orderId = pendingOrderId || randomUUID();
    const price = this.fillPrice(order);
    if (order.side === 'SELL') {
      const sold = await this.seller.sell(order, orderId, price, pendingOrderId);
      if (sold) return sold;
    }
    const entryFee = this.fee(price, order.size);
    const position: Position = {
      id: randomUUID(),
      assetPair: order.assetPair,
      side: sideFor(order.side),
      size: order.size,
      entryPrice: price,
      entryFee,
      openedAt: order.at,
      stopLoss: order.stopLoss,
      takeProfit: order.takeProfit,
      status: 'open',
    };
    const filled: OrderResult = { orderId, status: 'filled', position, replayed: false };
    const rejected: OrderResult = {
      orderId,
      status: 'rejected',
      reason: 'insufficient cash',
      replayed: false,
    };
    const k = this.keys;
    const [outcome, stored] = (await this.options.redis.eval(
      OPEN_POSITION,
      8,
      k.account,
      k.positions,
      k.open,
      k.orders,
      k.ledger,
      k.pending,
      k.pendingExpiry,
      k.halt,
      order.idempotencyKey,
      JSON.stringify(filled),
      position.id,
      JSON.stringify(position),
      String(price * order.size + entryFee),
      JSON.stringify(rejected),
      pendingOrderId,
      String(order.at),
    )) as [string, string];
    if (outcome === 'halted') throw emergencyStoppedError();
    if (outcome === 'gone') return { orderId, status: 'rejected', reason: 'gone', replayed: true };
    const result = JSON.parse(stored) as OrderResult;
    return { ...result, replayed: outcome === 'replayed' };
  }

  /** A market order slips against it; a limit order never fills worse than its limit. */
  private fillPrice(order: OrderRequest): number {
    const price = this.slipped(order.side, order.marketPrice);
    if (order.limitPrice === undefined) return price;
    return order.side === 'BUY'
      ? Math.min(price, order.limitPrice)
      : Math.max(price, order.limitPrice);
  }

  private slipped(side: OrderSide, price: number): number {
    const slip = this.options.slippagePct / 100;
    return side === 'BUY' ? price * (1 + slip) : price * (1 - slip);
  }

  private fee(price: number, size: number): number {
    return (price * size * this.options.feePct) / 100;
  }

  private async load(ids: string[]): Promise<Position[]> {
    if (ids.length === 0) return [];
    const raws = await this.options.redis.hmget(this.keys.positions, ...ids);
    return raws
      .filter((raw): raw is string => raw !== null)
      .map((raw) => JSON.parse(raw) as Position)
      .sort((a, b) => a.openedAt - b.openedAt);
  }
}

const PUBLIC_METHODS = [
  'init',
  'placeOrder',
  'closePosition',
  'orderByKey',
  'openPositions',
  'getPosition',
  'closedPositions',
  'matchPendingOrders',
  'balances',
  'cancelPendingOrders',
  'tradeCount',
  'haltEntries',
  'resumeEntries',
] as const;

/**
 * A close whose key was used before: the earlier close of this position is its answer; a key
 * an order (or a close of another position) used closes nothing.
 */
function closedBy(earlier: OrderResult, params: ClosePositionParams): Position {
  if (earlier.keyedClose?.id === params.positionId) return earlier.keyedClose;
  throw new ConflictError(
    'ORDER.KEY_USED',
    `idempotency key ${params.idempotencyKey} was used by order ${earlier.orderId}: nothing closed`,
  );
}

/** A buy limit fills at or below its limit, a sell limit at or above. */
function reaches(side: OrderSide, price: number, limit: number): boolean {
  return side === 'BUY' ? price <= limit : price >= limit;
}
