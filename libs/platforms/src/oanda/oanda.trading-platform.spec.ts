import {
  BASE,
  FakeOanda,
  INSTRUMENTS,
  MARKET_CANCELLED,
  MARKET_FILLED,
  NO_SUCH_ORDER,
  OPEN_TRADES,
  ORDER_BY_CLIENT_ID,
  SUMMARY,
  TOKEN,
  ACCOUNT,
  TRADE_CLOSED,
  UNITS_REJECTED,
} from '../test/oanda-fixtures';
import { OandaV20Client } from './oanda-v20.client';
import { OandaTradingPlatform } from './oanda.trading-platform';

const ORDER = {
  idempotencyKey: 'dec-42',
  assetPair: 'EURUSD',
  side: 'BUY' as const,
  size: 1000.4,
  marketPrice: 1.0946,
  stopLoss: 1.0891,
  at: Date.UTC(2024, 0, 5, 16, 55),
};

describe('OandaTradingPlatform against a recorded v20 host', () => {
  const server = new FakeOanda();
  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    server.seen.length = 0;
    server.routes.clear();
    server.routes.set(`GET ${BASE}/instruments?instruments=EUR_USD`, {
      status: 200,
      body: INSTRUMENTS,
    });
    server.routes.set(`GET ${BASE}/orders/@ffe-dec-42`, { status: 404, body: NO_SUCH_ORDER });
  });

  const platform = () =>
    new OandaTradingPlatform(
      new OandaV20Client({
        token: TOKEN,
        accountId: ACCOUNT,
        environment: 'practice',
        baseUrl: server.url,
      }),
    );
  const posted = () => server.seen.filter((s) => s.method !== 'GET');

  it('places a market order in whole units with our client id, and reads the trade it opened', async () => {
    server.routes.set(`POST ${BASE}/orders`, { status: 201, body: MARKET_FILLED });
    const result = await platform().placeOrder({ order: ORDER });
    expect(result).toMatchObject({
      status: 'filled',
      replayed: false,
      position: { id: '6399', side: 'long', size: 1000, entryPrice: 1.09461, status: 'open' },
    });
    expect(posted()[0].body).toEqual({
      order: {
        type: 'MARKET',
        instrument: 'EUR_USD',
        units: '1000',
        timeInForce: 'FOK',
        positionFill: 'OPEN_ONLY',
        clientExtensions: { id: 'ffe-dec-42', tag: 'ffe' },
        stopLossOnFill: { price: '1.08910' },
      },
    });
  });

  it('finds an order placed before under the same key and sends nothing', async () => {
    server.routes.set(`GET ${BASE}/orders/@ffe-dec-42`, { status: 200, body: ORDER_BY_CLIENT_ID });
    server.routes.set(`GET ${BASE}/trades/6399`, {
      status: 200,
      body: { trade: OPEN_TRADES.trades[0] },
    });
    const result = await platform().placeOrder({ order: ORDER });
    expect(result).toMatchObject({ status: 'filled', replayed: true, position: { id: '6399' } });
    expect(posted()).toHaveLength(0);
  });

  it('sends a limit sell as negative units at the display precision, pending', async () => {
    server.routes.set(`POST ${BASE}/orders`, {
      status: 201,
      body: {
        orderCreateTransaction: { id: '6410', type: 'LIMIT_ORDER', time: '2024-01-05T17:00:00Z' },
        relatedTransactionIDs: ['6410'],
        lastTransactionID: '6410',
      },
    });
    const result = await platform().placeOrder({
      order: { ...ORDER, side: 'SELL', limitPrice: 1.0962345, stopLoss: undefined },
    });
    expect(result).toEqual({ orderId: '6410', status: 'pending', replayed: false });
    expect(posted()[0].body).toMatchObject({
      order: { type: 'LIMIT', units: '-1000', price: '1.09623', timeInForce: 'GTC' },
    });
  });

  it('reports a refused or cancelled order as rejected, with Oanda’s reason', async () => {
    server.routes.set(`POST ${BASE}/orders`, { status: 400, body: UNITS_REJECTED });
    await expect(platform().placeOrder({ order: ORDER })).resolves.toMatchObject({
      status: 'rejected',
      reason: 'UNITS_PRECISION_EXCEEDED',
    });
    server.routes.set(`POST ${BASE}/orders`, { status: 201, body: MARKET_CANCELLED });
    await expect(platform().placeOrder({ order: ORDER })).resolves.toMatchObject({
      status: 'rejected',
      reason: 'INSUFFICIENT_MARGIN',
    });
  });

  it('closes a trade at Oanda’s fill, and refuses an unknown one', async () => {
    server.routes.set(`GET ${BASE}/trades/6399`, {
      status: 200,
      body: { trade: OPEN_TRADES.trades[0] },
    });
    server.routes.set(`PUT ${BASE}/trades/6399/close`, { status: 200, body: TRADE_CLOSED });
    const closed = await platform().closePosition({
      positionId: '6399',
      price: 1.095,
      reason: 'take_profit',
      at: 0,
    });
    expect(closed).toMatchObject({
      status: 'closed',
      exitPrice: 1.09502,
      realizedPnl: 0.41,
      closeReason: 'take_profit',
    });
    await expect(
      platform().closePosition({ positionId: '1', price: 1, reason: 'manual', at: 0 }),
    ).rejects.toMatchObject({ code: 'POSITION.NOT_FOUND' });
  });

  it('reads balances from the account summary without leverage', async () => {
    server.routes.set(`GET ${BASE}/summary`, { status: 200, body: SUMMARY });
    await expect(platform().balances()).resolves.toEqual({
      cash: 99954.1731,
      portfolioValue: 99991.2031,
      realizedPnl: -12.3457,
      unrealizedPnl: 3.5488,
    });
  });

  it('cancels only its own limit orders, never the stops guarding open trades', async () => {
    const order = (id: string, type: string, clientId?: string) => ({
      id,
      type,
      state: 'PENDING',
      createTime: '2024-01-05T17:00:00Z',
      ...(clientId ? { clientExtensions: { id: clientId } } : {}),
    });
    server.routes.set(`GET ${BASE}/pendingOrders`, {
      status: 200,
      body: {
        orders: [
          order('6410', 'LIMIT', 'ffe-dec-7'),
          order('6411', 'LIMIT', 'manual-1'),
          order('6412', 'STOP_LOSS'),
        ],
      },
    });
    server.routes.set(`PUT ${BASE}/orders/6410/cancel`, { status: 200, body: {} });
    await expect(platform().cancelPendingOrders()).resolves.toBe(1);
    expect(posted().map((s) => s.url)).toEqual([`${BASE}/orders/6410/cancel`]);
  });
});
