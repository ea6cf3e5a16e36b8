import {
  ConflictError,
  DomainError,
  InvalidInputError,
  NotFoundError,
  UnavailableError,
  type Balances,
  type ClosePositionParams,
  type OrderRequest,
  type OrderResult,
  type Position,
  type PositionProtectionStore,
  type ProtectiveLevels,
  type TradingPlatform,
} from '@ffe/domain';
import * as ccxt from 'ccxt';

export interface CoinbaseOptions {
  apiKey: string;
  apiSecret: string;
  /** Pairs traded, as we write them (BTCUSD); their quote currency is the cash. */
  pairs: string[];
  /** Replaces Coinbase's REST origin (a local replay server in tests). */
  baseUrl?: string;
  timeoutMs?: number;
}

/** Our orders carry this client-id prefix; a close is `ffe-close-<position id>`. */
const OPEN_PREFIX = 'ffe-';
const CLOSE_PREFIX = 'ffe-close-';
/** Orders per page of Coinbase's order list when searching it through. */
const PAGE_SIZE = 1000;

type CcxtOrder = ccxt.Order;

/** A position with the client order id of the buy that opened it (the protection key). */
interface Held {
  clientId: string;
  position: Position;
}

/**
 * Spot orders on Coinbase Advanced Trade through ccxt. A position is one of our filled BUY
 * orders (size and price from its fills); it is closed by a market SELL whose client order id
 * names it. Client order ids come from our idempotency key and are looked up before sending,
 * page by page through the pair's whole order history (Coinbase cannot fetch one order by
 * client order id), so a retried order is found, never sent twice; Coinbase itself answers a
 * repeated client order id with the earlier order instead of creating one. Spot cannot go short: a SELL that
 * opens a position is rejected without a request.
 *
 * Coinbase spot holds no stop-loss / take-profit for a market buy, so the levels are ours: kept
 * in `protection` under the client order id before the order is sent, attached to the position
 * whenever it is read back, and dropped once it is closed.
 */
export class CoinbaseTradingPlatform implements TradingPlatform {
  readonly name = 'coinbase';
  /** Spot: a SELL sells what the account holds; Coinbase opens no shorts. */
  readonly supportsShorts = false;
  private readonly exchange: ccxt.Exchange;

  constructor(
    private readonly options: CoinbaseOptions,
    private readonly protection: PositionProtectionStore,
  ) {
    this.exchange = new ccxt.coinbase({
      apiKey: options.apiKey,
      secret: options.apiSecret,
      timeout: options.timeoutMs ?? 10_000,
    });
    if (options.baseUrl) {
      const api = this.exchange.urls.api as unknown as Record<string, string>;
      for (const key of Object.keys(api)) api[key] = options.baseUrl.replace(/\/+$/, '');
    }
  }

  async placeOrder({ order }: { order: OrderRequest }): Promise<OrderResult> {
    const clientId = `${OPEN_PREFIX}${order.idempotencyKey}`.slice(0, 128);
    const symbol = coinbaseSymbol(order.assetPair);
    // Before anything can reach Coinbase: a crash after sending never leaves the position
    // without its levels. Levels of an order that never fills are harmless.
    const levels = levelsOf(order);
    if (order.side === 'BUY' && levels)
      await this.keep(() => this.protection.save(clientId, levels));
    const earlier = await this.findOrder(symbol, clientId);
    if (earlier) return { ...this.result(earlier, order), replayed: true };
    if (order.side === 'SELL') {
      return {
        orderId: clientId,
        status: 'rejected',
        reason: 'Coinbase spot cannot open a short position',
        replayed: false,
      };
    }
    const limit = order.limitPrice !== undefined;
    let created: CcxtOrder;
    try {
      created = await this.exchange.createOrder(
        symbol,
        limit ? 'limit' : 'market',
        'buy',
        order.size,
        limit ? order.limitPrice : order.marketPrice,
        { client_order_id: clientId },
      );
    } catch (error) {
      // Coinbase refused this order (funds, size, product); nothing traded.
      if (error instanceof ccxt.ExchangeError && !(error instanceof ccxt.AuthenticationError)) {
        return { orderId: clientId, status: 'rejected', reason: error.message, replayed: false };
      }
      throw unavailable(error);
    }
    // The create answer carries only the id: read the order back for its state and fills.
    const placed = await this.call(() => this.exchange.fetchOrder(idOf(created), symbol));
    return { ...this.result(placed, order), replayed: false };
  }

  /**
   * Closes by a market SELL whose client order id names the position, so a close sent again
   * finds it closed; the idempotency key is not the client id (the id is how a close is linked
   * to its position). A cycle's retried reversal cannot trade either: spot never opens a short.
   */
  async closePosition(params: ClosePositionParams): Promise<Position> {
    const held = (await this.positions()).find((h) => h.position.id === params.positionId);
    const position = held?.position;
    if (!held || !position)
      throw new NotFoundError('POSITION.NOT_FOUND', `no position ${params.positionId}`);
    if (position.status === 'closed') {
      throw new ConflictError('POSITION.CLOSED', `position ${params.positionId} is already closed`);
    }
    const symbol = coinbaseSymbol(position.assetPair);
    const created = await this.call(() =>
      this.exchange.createOrder(symbol, 'market', 'sell', position.size, undefined, {
        client_order_id: `${CLOSE_PREFIX}${position.id}`,
      }),
    );
    const sold = await this.call(() => this.exchange.fetchOrder(idOf(created), symbol));
    if (sold.status !== 'closed' || !sold.average) {
      throw new ConflictError(
        'POSITION.NOT_CLOSED',
        `Coinbase did not fill the close (${sold.status})`,
      );
    }
    // Sold: the levels have nothing left to guard. Should this fail, the next read of the
    // positions drops them (the position shows as closed then).
    await this.protection.drop(held.clientId).catch(() => undefined);
    return { ...closeWith(position, sold), closeReason: params.reason };
  }

  async orderByKey({ idempotencyKey, assetPair }: { idempotencyKey: string; assetPair: string }) {
    const clientId = `${OPEN_PREFIX}${idempotencyKey}`.slice(0, 128);
    const earlier = await this.findOrder(coinbaseSymbol(assetPair), clientId);
    return earlier ? { ...this.result(earlier, {}), replayed: true } : undefined;
  }

  async openPositions(): Promise<Position[]> {
    return (await this.protectedPositions()).filter((p) => p.status === 'open');
  }

  async getPosition({ positionId }: { positionId: string }): Promise<Position | undefined> {
    return (await this.protectedPositions()).find((p) => p.id === positionId);
  }

  /** Coinbase fills limit orders itself; filled ones show in openPositions. */
  async matchPendingOrders(): Promise<Position[]> {
    return [];
  }

  async balances({ prices }: { prices: Record<string, number> }): Promise<Balances> {
    const balance = await this.call(() => this.exchange.fetchBalance({ v3: true }));
    const quote = coinbaseSymbol(this.options.pairs[0] ?? 'BTCUSD').split('/')[1];
    const free = balance.free as unknown as Record<string, number | undefined>;
    const cash = free[quote] ?? 0;
    const positions = (await this.positions()).map((h) => h.position);
    const open = positions.filter((p) => p.status === 'open');
    const unrealizedPnl = open.reduce(
      (sum, p) => sum + ((prices[p.assetPair] ?? p.entryPrice) - p.entryPrice) * p.size,
      0,
    );
    const openValue = open.reduce(
      (sum, p) => sum + (prices[p.assetPair] ?? p.entryPrice) * p.size,
      0,
    );
    const realizedPnl = positions.reduce((sum, p) => sum + (p.realizedPnl ?? 0), 0);
    return { cash, portfolioValue: cash + openValue, realizedPnl, unrealizedPnl };
  }

  /** Our open limit orders only. */
  async cancelPendingOrders(): Promise<number> {
    const ours = (await this.call(() => this.exchange.fetchOpenOrders())).filter((o) =>
      o.clientOrderId?.startsWith(OPEN_PREFIX),
    );
    for (const order of ours)
      await this.call(() => this.exchange.cancelOrder(idOf(order), order.symbol));
    return ours.length;
  }

  async tradeCount(): Promise<number> {
    return (await this.positions()).length;
  }

  async closedPositions({ since }: { since: number }): Promise<Position[]> {
    return (await this.positions())
      .map((h) => h.position)
      .filter((p) => p.status === 'closed' && (p.closedAt ?? 0) >= since)
      .sort((a, b) => (a.closedAt ?? 0) - (b.closedAt ?? 0));
  }

  /**
   * Every position with its protective levels. Levels still kept for a closed position (its
   * close crashed before dropping them) are dropped here.
   */
  private async protectedPositions(): Promise<Position[]> {
    const held = await this.positions();
    const levels = await this.keep(() => this.protection.load(held.map((h) => h.clientId)));
    const stale = held.filter((h) => h.position.status === 'closed' && levels.has(h.clientId));
    for (const h of stale) await this.protection.drop(h.clientId).catch(() => undefined);
    return held.map(({ clientId, position }) => {
      const kept = position.status === 'open' ? levels.get(clientId) : undefined;
      return kept ? { ...position, ...kept } : position;
    });
  }

  /**
   * Every position: our filled buys, each closed by the sell that names it — read from the
   * newest page (1000 orders) of each pair, one request per pair.
   */
  private async positions(): Promise<Held[]> {
    const orders: CcxtOrder[] = [];
    for (const pair of this.options.pairs) {
      const symbol = coinbaseSymbol(pair);
      orders.push(
        ...(await this.call(() => this.exchange.fetchOrders(symbol, undefined, PAGE_SIZE))),
      );
    }
    const closes = new Map<string, CcxtOrder>();
    for (const o of orders) {
      if (o.clientOrderId?.startsWith(CLOSE_PREFIX) && o.status === 'closed') {
        closes.set(o.clientOrderId.slice(CLOSE_PREFIX.length), o);
      }
    }
    return orders
      .filter(
        (o) =>
          o.side === 'buy' &&
          o.clientOrderId?.startsWith(OPEN_PREFIX) &&
          !o.clientOrderId.startsWith(CLOSE_PREFIX) &&
          (o.filled ?? 0) > 0,
      )
      .map((o) => {
        const position = toPosition(o);
        const close = closes.get(position.id);
        return {
          clientId: o.clientOrderId as string,
          position: close ? closeWith(position, close) : position,
        };
      })
      .sort((a, b) => a.position.openedAt - b.position.openedAt);
  }

  /**
   * Our order with this client id, searched newest first through every page of the pair's
   * orders: the answer does not depend on how many orders came after it.
   */
  private async findOrder(symbol: string, clientId: string): Promise<CcxtOrder | undefined> {
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const params = cursor === undefined ? {} : { cursor };
      const page = await this.call(() =>
        this.exchange.fetchOrders(symbol, undefined, PAGE_SIZE, params),
      );
      const found = page.find((o) => o.clientOrderId === clientId);
      if (found) return found;
      // ccxt hands the next page's cursor on one order's raw answer; none: the last page.
      cursor = page
        .map((o) => (o.info as Record<string, unknown> | undefined)?.cursor)
        .find((c): c is string => typeof c === 'string' && c !== '');
      if (page.length === 0 || cursor === undefined || seen.has(cursor)) return undefined;
      seen.add(cursor);
    }
  }

  private result(
    o: CcxtOrder,
    order: Pick<OrderRequest, 'stopLoss' | 'takeProfit'>,
  ): Omit<OrderResult, 'replayed'> {
    const orderId = o.id ?? '';
    if (o.status === 'closed' && (o.filled ?? 0) > 0) {
      return {
        orderId,
        status: 'filled',
        position: { ...toPosition(o), stopLoss: order.stopLoss, takeProfit: order.takeProfit },
      };
    }
    if (o.status === 'open') return { orderId, status: 'pending' };
    return { orderId, status: 'rejected', reason: o.status ?? 'unknown' };
  }

  /** The protection store: its failures stop the operation, as an UnavailableError. */
  private async keep<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new UnavailableError('PLATFORM.UNAVAILABLE', 'protective levels are unavailable', {
        cause: error,
      });
    }
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw unavailable(error);
    }
  }
}

/** BTCUSD → BTC/USD (Coinbase quotes in USD, USDC, EUR, GBP, USDT, BTC, ETH). */
export function coinbaseSymbol(pair: string): string {
  const quote = ['USDT', 'USDC', 'USD', 'EUR', 'GBP', 'BTC', 'ETH'].find(
    (q) => pair.length > q.length && pair.endsWith(q),
  );
  if (!quote) {
    throw new InvalidInputError('PAIR.UNKNOWN', `Coinbase has no pair like ${pair}`, 'asset_pair');
  }
  return `${pair.slice(0, -quote.length)}/${quote}`;
}

/** Coinbase always answers with an order id; an answer without one is not an order. */
function idOf(o: CcxtOrder): string {
  if (!o.id)
    throw new UnavailableError('PLATFORM.COINBASE', 'coinbase: an order answer without an id');
  return o.id;
}

/** The order's protective levels, or nothing when it has none. */
function levelsOf(order: OrderRequest): ProtectiveLevels | undefined {
  const levels: ProtectiveLevels = {};
  if (order.stopLoss !== undefined) levels.stopLoss = order.stopLoss;
  if (order.takeProfit !== undefined) levels.takeProfit = order.takeProfit;
  return Object.keys(levels).length > 0 ? levels : undefined;
}

function fromSymbol(symbol: string | undefined): string {
  return (symbol ?? '').replace('/', '');
}

function toPosition(o: CcxtOrder): Position {
  return {
    id: o.id ?? '',
    assetPair: fromSymbol(o.symbol),
    side: 'long',
    size: o.filled ?? 0,
    entryPrice: o.average ?? o.price ?? 0,
    entryFee: o.fee?.cost ?? 0,
    openedAt: o.timestamp ?? 0,
    status: 'open',
  };
}

function closeWith(position: Position, sell: CcxtOrder): Position {
  const exitPrice = sell.average ?? sell.price ?? 0;
  const exitFee = sell.fee?.cost ?? 0;
  return {
    ...position,
    status: 'closed',
    exitPrice,
    exitFee,
    closedAt: sell.lastTradeTimestamp ?? sell.timestamp ?? 0,
    realizedPnl: (exitPrice - position.entryPrice) * position.size - position.entryFee - exitFee,
  };
}

/** Never the request or its headers: they carry the signed credentials. */
function unavailable(error: unknown): UnavailableError {
  const throttled = error instanceof ccxt.RateLimitExceeded || error instanceof ccxt.DDoSProtection;
  return new UnavailableError(
    `PLATFORM.${throttled ? 'THROTTLED' : 'COINBASE'}`,
    `coinbase: ${(error as Error).name}`,
    { cause: error },
  );
}
