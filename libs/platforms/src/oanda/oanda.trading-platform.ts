import {
  ConflictError,
  NotFoundError,
  type Balances,
  type ClosePositionParams,
  type OrderRequest,
  type OrderResult,
  type Position,
  type TradingPlatform,
} from '@ffe/domain';
import { fromOandaInstrument, toOandaInstrument, toOandaPrice, toOandaUnits } from './oanda-units';
import { OandaApiError, type OandaV20Client } from './oanda-v20.client';
import type { OandaInstrument, OandaOrderRequest, OandaTrade } from './oanda-v20.types';

/** Our orders carry this client-id prefix: only they are ours to cancel. */
const CLIENT_ID_PREFIX = 'ffe-';

/**
 * Orders on an Oanda v20 account (practice or live). A position is an Oanda trade; the order's
 * client id is derived from our idempotency key, so a retried order is found, not re-sent.
 * Oanda fills limit orders and runs stop-loss/take-profit itself, so `matchPendingOrders` has
 * nothing to do. Fees are in the spread: entry and exit fees are 0.
 */
export class OandaTradingPlatform implements TradingPlatform {
  readonly name = 'oanda';
  /** Forex: a SELL units order opens or adds to a short. */
  readonly supportsShorts = true;
  private readonly instruments = new Map<string, Promise<OandaInstrument>>();

  constructor(private readonly client: OandaV20Client) {}

  async placeOrder({ order }: { order: OrderRequest }): Promise<OrderResult> {
    const clientId = clientIdFor(order.idempotencyKey);
    const earlier = await this.orderByKey({ idempotencyKey: order.idempotencyKey });
    if (earlier) return earlier;
    const instrument = await this.instrument(order.assetPair);
    const request: OandaOrderRequest = {
      type: order.limitPrice === undefined ? 'MARKET' : 'LIMIT',
      instrument: instrument.name,
      units: toOandaUnits(order.size, order.side, instrument.tradeUnitsPrecision),
      timeInForce: order.limitPrice === undefined ? 'FOK' : 'GTC',
      positionFill: 'OPEN_ONLY',
      clientExtensions: { id: clientId, tag: 'ffe' },
      ...(order.limitPrice === undefined
        ? {}
        : { price: toOandaPrice(order.limitPrice, instrument.displayPrecision) }),
      ...(order.stopLoss === undefined
        ? {}
        : { stopLossOnFill: { price: toOandaPrice(order.stopLoss, instrument.displayPrecision) } }),
      ...(order.takeProfit === undefined
        ? {}
        : {
            takeProfitOnFill: {
              price: toOandaPrice(order.takeProfit, instrument.displayPrecision),
            },
          }),
    };
    let response;
    try {
      response = await this.client.createOrder(request);
    } catch (error) {
      // 400: Oanda refused this order (precision, margin, market halted); nothing traded.
      if (error instanceof OandaApiError && error.status === 400) {
        const reason = error.rejectReason ?? error.errorCode ?? error.message;
        return { orderId: clientId, status: 'rejected', reason, replayed: false };
      }
      throw error;
    }
    const orderId = response.orderCreateTransaction.id;
    const fill = response.orderFillTransaction;
    if (fill?.tradeOpened) {
      const position: Position = {
        id: fill.tradeOpened.tradeID,
        assetPair: order.assetPair,
        side: order.side === 'BUY' ? 'long' : 'short',
        size: Math.abs(Number(fill.tradeOpened.units)),
        entryPrice: Number(fill.tradeOpened.price),
        entryFee: 0,
        openedAt: Date.parse(fill.time),
        stopLoss: order.stopLoss,
        takeProfit: order.takeProfit,
        status: 'open',
      };
      return { orderId, status: 'filled', position, replayed: false };
    }
    if (response.orderCancelTransaction) {
      const reason = response.orderCancelTransaction.reason ?? 'cancelled';
      return { orderId, status: 'rejected', reason, replayed: false };
    }
    return { orderId, status: 'pending', replayed: false };
  }

  /**
   * Oanda's trade close takes no client id, so the idempotency key is not kept: a close sent
   * again finds the trade closed (ConflictError), but an order sent later under a close's key
   * is not recognised as that close.
   */
  async closePosition(params: ClosePositionParams): Promise<Position> {
    const trade = await this.client.trade(params.positionId);
    if (!trade) throw new NotFoundError('POSITION.NOT_FOUND', `no trade ${params.positionId}`);
    if (trade.state !== 'OPEN') {
      throw new ConflictError('POSITION.CLOSED', `trade ${params.positionId} is already closed`);
    }
    const response = await this.client.closeTrade(params.positionId);
    const fill = response.orderFillTransaction;
    if (!fill) {
      const reason = response.orderCancelTransaction?.reason ?? 'no fill';
      throw new ConflictError('POSITION.NOT_CLOSED', `Oanda did not close the trade: ${reason}`);
    }
    return {
      ...toPosition(trade),
      status: 'closed',
      exitPrice: Number(fill.price),
      exitFee: 0,
      closedAt: Date.parse(fill.time),
      closeReason: params.reason,
      realizedPnl: Number(fill.pl ?? 0),
    };
  }

  async orderByKey({
    idempotencyKey,
  }: {
    idempotencyKey: string;
  }): Promise<OrderResult | undefined> {
    const earlier = await this.client.orderByClientId(clientIdFor(idempotencyKey));
    if (!earlier) return undefined;
    if (earlier.state === 'PENDING') {
      return { orderId: earlier.id, status: 'pending', replayed: true };
    }
    if (earlier.tradeOpenedID) {
      const trade = await this.client.trade(earlier.tradeOpenedID);
      const position = trade ? toPosition(trade) : undefined;
      return { orderId: earlier.id, status: 'filled', position, replayed: true };
    }
    return { orderId: earlier.id, status: 'rejected', reason: earlier.state, replayed: true };
  }

  async openPositions(): Promise<Position[]> {
    return (await this.client.openTrades()).map(toPosition);
  }

  async getPosition({ positionId }: { positionId: string }): Promise<Position | undefined> {
    const trade = await this.client.trade(positionId);
    return trade ? toPosition(trade) : undefined;
  }

  /** Oanda fills limit orders itself; their trades show in openPositions. */
  async matchPendingOrders(): Promise<Position[]> {
    return [];
  }

  /** Unlevered: free cash is the margin available, so sizing never leans on leverage. */
  async balances(): Promise<Balances> {
    const account = await this.client.accountSummary();
    return {
      cash: Number(account.marginAvailable),
      portfolioValue: Number(account.NAV),
      realizedPnl: Number(account.pl),
      unrealizedPnl: Number(account.unrealizedPL),
    };
  }

  /** Our limit orders only: stop-loss and take-profit orders guard open trades and stay. */
  async cancelPendingOrders(): Promise<number> {
    const ours = (await this.client.pendingOrders()).filter(
      (o) => o.type === 'LIMIT' && o.clientExtensions?.id?.startsWith(CLIENT_ID_PREFIX),
    );
    for (const order of ours) await this.client.cancelOrder(order.id);
    return ours.length;
  }

  /** Open trades plus the last 500 closed ones (Oanda's page size). */
  async tradeCount(): Promise<number> {
    const [open, closed] = await Promise.all([
      this.client.openTrades(),
      this.client.closedTrades(),
    ]);
    return open.length + closed.length;
  }

  async closedPositions({ since }: { since: number }): Promise<Position[]> {
    return (await this.client.closedTrades())
      .map(toPosition)
      .filter((p) => (p.closedAt ?? 0) >= since)
      .sort((a, b) => (a.closedAt ?? 0) - (b.closedAt ?? 0));
  }

  private instrument(pair: string): Promise<OandaInstrument> {
    const name = toOandaInstrument(pair);
    let found = this.instruments.get(name);
    if (!found) {
      found = this.client.instruments([name]).then((list) => {
        const match = list.find((i) => i.name === name);
        if (!match) throw new NotFoundError('PAIR.UNKNOWN', `Oanda has no instrument ${name}`);
        return match;
      });
      found.catch(() => this.instruments.delete(name));
      this.instruments.set(name, found);
    }
    return found;
  }
}

/** Oanda client ids are at most 128 characters. */
function clientIdFor(idempotencyKey: string): string {
  return `${CLIENT_ID_PREFIX}${idempotencyKey}`.slice(0, 128);
}

function toPosition(trade: OandaTrade): Position {
  const units = Number(trade.initialUnits);
  const closed = trade.state === 'CLOSED';
  return {
    id: trade.id,
    assetPair: fromOandaInstrument(trade.instrument),
    side: units >= 0 ? 'long' : 'short',
    size: Math.abs(closed ? units : Number(trade.currentUnits)),
    entryPrice: Number(trade.price),
    entryFee: 0,
    openedAt: Date.parse(trade.openTime),
    stopLoss: trade.stopLossOrder ? Number(trade.stopLossOrder.price) : undefined,
    takeProfit: trade.takeProfitOrder ? Number(trade.takeProfitOrder.price) : undefined,
    status: closed ? 'closed' : 'open',
    ...(closed
      ? {
          exitPrice: Number(trade.averageClosePrice),
          exitFee: 0,
          closedAt: trade.closeTime ? Date.parse(trade.closeTime) : undefined,
          realizedPnl: Number(trade.realizedPL),
        }
      : {}),
  };
}
