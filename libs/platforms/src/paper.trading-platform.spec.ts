import { ConflictError, NotFoundError, UnavailableError, type OrderRequest } from '@ffe/domain';
import { RedisServer, useRedis, waitFor } from '@ffe/testing';
import Redis from 'ioredis';
import { PaperTradingPlatform } from './paper.trading-platform';

describe('PaperTradingPlatform against a real Redis', () => {
  const ctx = useRedis();
  let prefixes = 0;

  async function account(initialBalance = 10_000, allowShorts = false) {
    const platform = new PaperTradingPlatform({
      redis: ctx.redis,
      initialBalance,
      feePct: 0.1,
      slippagePct: 0.05,
      allowShorts,
      keyPrefix: `t${++prefixes}`,
    });
    await platform.init();
    return platform;
  }

  const order = (over: Partial<OrderRequest> = {}): OrderRequest => ({
    idempotencyKey: 'k1',
    assetPair: 'BTCUSD',
    side: 'BUY',
    size: 2,
    marketPrice: 100,
    at: 1_000,
    ...over,
  });

  it('fills a market buy with slippage and fee, and closes it to the cent', async () => {
    const platform = await account();
    const result = await platform.placeOrder({ order: order() });
    expect(result.status).toBe('filled');
    const entry = 100 * 1.0005;
    expect(result.position?.entryPrice).toBeCloseTo(entry, 10);
    expect(result.position?.entryFee).toBeCloseTo(entry * 2 * 0.001, 10);

    const closed = await platform.closePosition({
      positionId: result.position!.id,
      price: 110,
      reason: 'take_profit',
      at: 2_000,
    });
    const exit = 110 * 0.9995;
    const expected = (exit - entry) * 2 - entry * 2 * 0.001 - exit * 2 * 0.001;
    expect(closed.realizedPnl).toBeCloseTo(expected, 8);
    const balances = await platform.balances({ prices: {} });
    expect(balances.cash).toBeCloseTo(10_000 + expected, 8);
    expect(balances.realizedPnl).toBeCloseTo(expected, 8);
    expect(await platform.openPositions()).toEqual([]);
    expect((await platform.closedPositions({ since: 0 })).map((p) => p.id)).toEqual([
      result.position!.id,
    ]);
  });

  it('values shorts (where allowed) and unrealised P&L at the given prices', async () => {
    const platform = await account(10_000, true);
    const { position } = await platform.placeOrder({ order: order({ side: 'SELL', size: 1 }) });
    const entry = 100 * 0.9995;
    const balances = await platform.balances({ prices: { BTCUSD: 90 } });
    expect(position?.side).toBe('short');
    expect(balances.unrealizedPnl).toBeCloseTo(entry - 90 - entry * 0.001, 8);
    expect(balances.portfolioValue).toBeCloseTo(10_000 + entry - 90 - entry * 0.001, 8);
  });

  it('never fills one idempotency key twice, even when retried concurrently', async () => {
    const platform = await account();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        platform.placeOrder({ order: order({ idempotencyKey: 'same' }) }),
      ),
    );
    const ids = new Set(results.map((r) => r.position?.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await platform.openPositions()).toHaveLength(1);
    expect(await platform.tradeCount()).toBe(1);
  });

  it('rejects an order beyond the cash, atomically', async () => {
    const platform = await account(100);
    const result = await platform.placeOrder({ order: order({ size: 5 }) });
    expect(result).toMatchObject({ status: 'rejected', reason: 'insufficient cash' });
    expect((await platform.balances({ prices: {} })).cash).toBe(100);
  });

  it('closes once: a second close is a conflict, an unknown id not found', async () => {
    const platform = await account();
    const { position } = await platform.placeOrder({ order: order() });
    const close = () =>
      platform.closePosition({ positionId: position!.id, price: 100, reason: 'manual', at: 5 });
    const outcomes = await Promise.allSettled([close(), close(), close()]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    await expect(close()).rejects.toBeInstanceOf(ConflictError);
    await expect(
      platform.closePosition({ positionId: 'nope', price: 1, reason: 'x', at: 1 }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps a limit order pending until the price reaches it, then fills it once', async () => {
    const platform = await account();
    const placed = await platform.placeOrder({ order: order({ limitPrice: 95, at: 1 }) });
    expect(placed.status).toBe('pending');
    expect(await platform.matchPendingOrders({ prices: { BTCUSD: 97 }, at: 2 })).toEqual([]);
    const [a, b] = await Promise.all([
      platform.matchPendingOrders({ prices: { BTCUSD: 94 }, at: 3 }),
      platform.matchPendingOrders({ prices: { BTCUSD: 94 }, at: 3 }),
    ]);
    const opened = [...a, ...b];
    expect(opened).toHaveLength(1);
    expect(opened[0].entryPrice).toBeLessThanOrEqual(95);
    expect(await platform.openPositions()).toHaveLength(1);
  });

  it('keeps its balance across a new instance (state is in Redis)', async () => {
    const platform = await account();
    await platform.placeOrder({ order: order() });
    const again = new PaperTradingPlatform({
      redis: ctx.redis,
      initialBalance: 10_000,
      feePct: 0.1,
      slippagePct: 0.05,
      keyPrefix: `t${prefixes}`,
    });
    await again.init();
    expect((await again.balances({ prices: {} })).cash).toBeLessThan(10_000 - 199);
    expect(await again.openPositions()).toHaveLength(1);
  });

  it('answers UnavailableError while Redis is down, and keeps its books through the outage', async () => {
    const own = await RedisServer.start();
    const client = new Redis(own.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    try {
      await waitFor(() => client.status === 'ready', { what: 'the client to connect' });
      const platform = new PaperTradingPlatform({
        redis: client,
        initialBalance: 1_000,
        feePct: 0,
        slippagePct: 0,
      });
      await platform.init();
      await platform.placeOrder({ order: order({ size: 1 }) });
      await own.kill('SIGTERM'); // flushes its append-only file: the books must come back whole
      await expect(platform.balances({ prices: {} })).rejects.toBeInstanceOf(UnavailableError);
      await expect(
        platform.placeOrder({ order: order({ idempotencyKey: 'k9' }) }),
      ).rejects.toBeInstanceOf(UnavailableError);
      await own.resume();
      await waitFor(() => client.status === 'ready', {
        what: 'the client to reconnect',
        timeoutMs: 15_000,
      });
      expect(await platform.openPositions()).toHaveLength(1);
      expect((await platform.balances({ prices: {} })).cash).toBe(900);
      expect(await platform.tradeCount()).toBe(1);
    } finally {
      client.disconnect();
      await own.stop();
    }
  });
});
