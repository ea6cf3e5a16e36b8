import { exitTrigger, type OrderRequest, UnavailableError } from '@ffe/domain';
import { RedisServer } from '@ffe/testing';
import Redis, { type RedisOptions } from 'ioredis';
import { RedisPositionProtectionStore } from '../redis-position-protection.store';
import { FakeCoinbase, FILL_PRICE } from '../test/coinbase-fixtures';
import { CoinbaseTradingPlatform, coinbaseSymbol } from './coinbase.trading-platform';

const API_KEY = 'cb-test-key';
const API_SECRET = 'cb-test-secret-0123456789';

function order(overrides: Partial<OrderRequest> = {}): OrderRequest {
  return {
    idempotencyKey: 'decision-1',
    assetPair: 'BTCUSD',
    side: 'BUY',
    size: 0.01,
    marketPrice: FILL_PRICE,
    stopLoss: 41_000,
    at: Date.parse('2024-01-15T18:40:00Z'),
    ...overrides,
  };
}

describe('coinbaseSymbol', () => {
  it('writes our pairs as ccxt symbols', () => {
    expect(coinbaseSymbol('BTCUSD')).toBe('BTC/USD');
    expect(coinbaseSymbol('ETHUSDC')).toBe('ETH/USDC');
    expect(() => coinbaseSymbol('XYZ')).toThrow(/XYZ/);
  });
});

describe('CoinbaseTradingPlatform against a replayed Coinbase and a real Redis', () => {
  let server: RedisServer;
  const connections: Redis[] = [];
  let venue: FakeCoinbase;
  let store: RedisPositionProtectionStore;
  let platform: CoinbaseTradingPlatform;
  let prefixes = 0;

  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    for (const c of connections) c.disconnect();
    await server.stop();
  });

  /** A platform as the app builds it: its own Redis connection, the test's key prefix. */
  function boot(redis = connect()): {
    platform: CoinbaseTradingPlatform;
    store: RedisPositionProtectionStore;
  } {
    const levels = new RedisPositionProtectionStore({
      redis,
      platform: 'coinbase',
      keyPrefix: `cb${prefixes}`,
    });
    const p = new CoinbaseTradingPlatform(
      {
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        pairs: ['BTCUSD'],
        baseUrl: venue.url,
        timeoutMs: 2_000,
      },
      levels,
    );
    return { platform: p, store: levels };
  }

  function connect(options: RedisOptions = {}): Redis {
    const redis = new Redis(server.url, options);
    connections.push(redis);
    return redis;
  }

  beforeEach(async () => {
    prefixes++;
    venue = new FakeCoinbase();
    await venue.start();
    ({ platform, store } = boot());
  });
  afterEach(() => venue.stop());

  it('reads the USD balance as cash', async () => {
    const balances = await platform.balances({ prices: { BTCUSD: FILL_PRICE } });
    expect(balances).toEqual({
      cash: 25_000,
      portfolioValue: 25_000,
      realizedPnl: 0,
      unrealizedPnl: 0,
    });
    const accounts = venue.requests.find((r) => r.path === '/api/v3/brokerage/accounts');
    expect(accounts?.authorized).toBe(true);
  });

  it('fills a market buy as a long position, client order id from the idempotency key', async () => {
    const result = await platform.placeOrder({ order: order() });
    expect(result.status).toBe('filled');
    expect(result.replayed).toBe(false);
    expect(result.position).toMatchObject({
      id: result.orderId,
      assetPair: 'BTCUSD',
      side: 'long',
      entryPrice: FILL_PRICE,
      stopLoss: 41_000,
      status: 'open',
    });
    // Coinbase market buys spend a quote amount (size × price, to the cent).
    expect(result.position?.size).toBeCloseTo(0.01, 6);
    const [post] = venue.orderPosts();
    expect(JSON.parse(post.body)).toMatchObject({
      client_order_id: 'ffe-decision-1',
      product_id: 'BTC-USD',
      side: 'BUY',
      order_configuration: { market_market_ioc: { quote_size: '426.08' } },
    });
    expect(await platform.openPositions()).toHaveLength(1);
    expect(await platform.tradeCount()).toBe(1);
  });

  it('never sends a retried order twice: the earlier one is found by its client id', async () => {
    const first = await platform.placeOrder({ order: order() });
    const again = await platform.placeOrder({ order: order() });
    expect(again).toMatchObject({ orderId: first.orderId, status: 'filled', replayed: true });
    expect(venue.orderPosts()).toHaveLength(1);
  });

  it('looks an order up by its idempotency key without sending one', async () => {
    const first = await platform.placeOrder({ order: order() });
    const found = await platform.orderByKey({ idempotencyKey: 'decision-1', assetPair: 'BTCUSD' });
    expect(found).toMatchObject({ orderId: first.orderId, status: 'filled', replayed: true });
    expect(
      await platform.orderByKey({ idempotencyKey: 'decision-2', assetPair: 'BTCUSD' }),
    ).toBeUndefined();
    expect(venue.orderPosts()).toHaveLength(1);
  });

  it('rests a limit order as pending and cancels only ours', async () => {
    const result = await platform.placeOrder({
      order: order({ idempotencyKey: 'decision-2', limitPrice: 40_000 }),
    });
    expect(result).toMatchObject({ status: 'pending', replayed: false });
    expect(JSON.parse(venue.orderPosts()[0].body).order_configuration).toEqual({
      limit_limit_gtc: { base_size: '0.01', limit_price: '40000', post_only: false },
    });
    expect(await platform.openPositions()).toEqual([]);
    expect(await platform.cancelPendingOrders()).toBe(1);
    expect(venue.orders[0].status).toBe('CANCELLED');
  });

  it('shows a limit order the exchange filled as an open position', async () => {
    const result = await platform.placeOrder({
      order: order({ idempotencyKey: 'decision-3', limitPrice: 40_000 }),
    });
    venue.fill(result.orderId);
    const [position] = await platform.openPositions();
    expect(position).toMatchObject({ id: result.orderId, entryPrice: 40_000, status: 'open' });
  });

  it('closes a position with a market sell that names it, realising its P&L', async () => {
    const opened = await platform.placeOrder({ order: order() });
    const positionId = opened.position?.id as string;
    const closed = await platform.closePosition({
      positionId,
      price: FILL_PRICE,
      reason: 'take_profit',
      at: Date.parse('2024-01-15T19:00:00Z'),
    });
    expect(closed).toMatchObject({
      id: positionId,
      status: 'closed',
      exitPrice: FILL_PRICE,
      closeReason: 'take_profit',
    });
    expect(closed.realizedPnl).toBeLessThan(0); // same price, two fees
    const sell = JSON.parse(venue.orderPosts()[1].body);
    expect(sell).toMatchObject({ client_order_id: `ffe-close-${positionId}`, side: 'SELL' });
    expect(await platform.openPositions()).toEqual([]);
    expect(await platform.closedPositions({ since: 0 })).toHaveLength(1);
    await expect(
      platform.closePosition({ positionId, price: FILL_PRICE, reason: 'again', at: 0 }),
    ).rejects.toMatchObject({ code: 'POSITION.CLOSED' });
  });

  it("keeps a bought position's stop-loss and take-profit across a restart; the stop fires", async () => {
    const opened = await platform.placeOrder({ order: order({ takeProfit: 45_000 }) });
    expect(opened.status).toBe('filled');

    // A new process: new connection, new platform, nothing in memory.
    const restarted = boot().platform;
    const [position] = await restarted.openPositions();
    expect(position).toMatchObject({
      id: opened.orderId,
      status: 'open',
      stopLoss: 41_000,
      takeProfit: 45_000,
    });
    expect(await restarted.getPosition({ positionId: opened.orderId })).toMatchObject({
      stopLoss: 41_000,
      takeProfit: 45_000,
    });
    expect(exitTrigger(position, FILL_PRICE)).toBeNull();
    expect(exitTrigger(position, 40_999.99)).toBe('stop_loss');
    expect(exitTrigger(position, 45_000)).toBe('take_profit');
  });

  it('saves the levels before sending: without the store no order leaves', async () => {
    const down = connect({ lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const error = await boot(down)
      .platform.placeOrder({ order: order() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(venue.orderPosts()).toHaveLength(0);
    expect(venue.orders).toHaveLength(0);
  });

  it('keeps the levels of a limit order for the position it opens once Coinbase fills it', async () => {
    const result = await platform.placeOrder({
      order: order({ idempotencyKey: 'decision-4', limitPrice: 40_000, stopLoss: 39_000 }),
    });
    expect(result.status).toBe('pending');
    venue.fill(result.orderId);
    const [position] = await boot().platform.openPositions();
    expect(position).toMatchObject({ id: result.orderId, entryPrice: 40_000, stopLoss: 39_000 });
    expect(exitTrigger(position, 38_999)).toBe('stop_loss');
  });

  it('drops the levels when the position closes', async () => {
    const opened = await platform.placeOrder({ order: order({ takeProfit: 45_000 }) });
    expect((await store.load(['ffe-decision-1'])).size).toBe(1);
    await boot().platform.closePosition({
      positionId: opened.orderId,
      price: 40_000,
      reason: 'stop_loss',
      at: Date.parse('2024-01-15T19:00:00Z'),
    });
    expect((await store.load(['ffe-decision-1'])).size).toBe(0);
    expect(await connect().exists(store.key)).toBe(0);
  });

  it('drops levels left behind by a close that stopped before dropping them', async () => {
    const opened = await platform.placeOrder({ order: order() });
    await platform.closePosition({ positionId: opened.orderId, price: 1, reason: 'x', at: 0 });
    await store.save('ffe-decision-1', { stopLoss: 41_000 }); // as if the drop never happened
    expect(await platform.openPositions()).toEqual([]);
    expect(await platform.getPosition({ positionId: opened.orderId })).not.toHaveProperty(
      'stopLoss',
    );
    expect((await store.load(['ffe-decision-1'])).size).toBe(0);
  });

  it("finds a retried order past the order list's first page and sends nothing", async () => {
    const first = await platform.placeOrder({ order: order() });
    venue.addForeignOrders(1_500); // newer orders: ours is on the second page of 1000
    const again = await boot().platform.placeOrder({ order: order() });
    expect(again).toMatchObject({ orderId: first.orderId, status: 'filled', replayed: true });
    expect(venue.orderPosts().filter((p) => p.body.includes('ffe-decision-1'))).toHaveLength(1);
    expect(venue.orders.filter((o) => o.client_order_id === 'ffe-decision-1')).toHaveLength(1);
  });

  it('still sees an open position, with its levels, after 150 orders on its pair', async () => {
    const opened = await platform.placeOrder({ order: order() });
    venue.addForeignOrders(150);
    const [position] = await boot().platform.openPositions();
    expect(position).toMatchObject({ id: opened.orderId, stopLoss: 41_000 });
  });

  it('sends a new order only after every page has been searched', async () => {
    venue.addForeignOrders(1_200);
    const result = await platform.placeOrder({ order: order({ idempotencyKey: 'decision-9' }) });
    expect(result).toMatchObject({ status: 'filled', replayed: false });
    const lists = venue.requests.filter(
      (r) => r.path === '/api/v3/brokerage/orders/historical/batch',
    );
    expect(lists).toHaveLength(2);
    expect(venue.orderPosts()).toHaveLength(1);
  });

  it('rejects a short without a request: spot cannot go short', async () => {
    const result = await platform.placeOrder({ order: order({ side: 'SELL' }) });
    expect(result.status).toBe('rejected');
    expect(venue.orderPosts()).toHaveLength(0);
  });

  it('reports a refusal (insufficient funds) as a rejected order', async () => {
    venue.placeOverride = {
      status: 200,
      body: {
        success: false,
        failure_reason: 'UNKNOWN_FAILURE_REASON',
        order_id: '',
        error_response: {
          error: 'INSUFFICIENT_FUND',
          message: 'Insufficient balance in source account',
          error_details: '',
          preview_failure_reason: 'PREVIEW_INSUFFICIENT_FUND',
        },
      },
    };
    const result = await platform.placeOrder({ order: order() });
    expect(result.status).toBe('rejected');
    expect(result.reason).toMatch(/Insufficient/);
  });

  it('turns a 429 into a throttled error, never leaking the secret', async () => {
    venue.override = {
      status: 429,
      body: { errors: [{ id: 'rate_limit_exceeded', message: 'Too many requests' }] },
    };
    const error = await platform.openPositions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).code).toBe('PLATFORM.THROTTLED');
    expect(String((error as Error).message)).not.toContain(API_SECRET);
  });
});
