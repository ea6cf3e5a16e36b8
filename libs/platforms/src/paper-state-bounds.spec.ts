import type { OrderRequest } from '@ffe/domain';
import { useRedis } from '@ffe/testing';
import { paperKeys } from './paper-keys';
import { PaperTradingPlatform } from './paper.trading-platform';

describe('the paper account keeps only what holds money, and pending orders expire', () => {
  const ctx = useRedis();
  let prefixes = 0;

  async function account(options: { initialBalance?: number; pendingTtlMs?: number } = {}) {
    const keyPrefix = `b${++prefixes}`;
    const platform = new PaperTradingPlatform({
      redis: ctx.redis,
      initialBalance: options.initialBalance ?? 10_000,
      feePct: 0,
      slippagePct: 0,
      pendingTtlMs: options.pendingTtlMs,
      keyPrefix,
    });
    await platform.init();
    return { platform, k: paperKeys(keyPrefix) };
  }

  let keys = 0;
  const order = (over: Partial<OrderRequest> = {}): OrderRequest => ({
    idempotencyKey: `k${++keys}`,
    assetPair: 'BTCUSD',
    side: 'BUY',
    size: 1,
    marketPrice: 100,
    at: 1_000,
    ...over,
  });

  it('stores no record of a rejected order, and a retry of its key is judged afresh', async () => {
    const { platform, k } = await account({ initialBalance: 100 });
    for (const size of [5, 1e300]) {
      const rejected = await platform.placeOrder({ order: order({ size }) });
      expect(rejected).toMatchObject({ status: 'rejected', reason: 'insufficient cash' });
    }
    expect(await ctx.redis.hlen(k.orders)).toBe(0);
    const retried = order({ size: 5 });
    expect((await platform.placeOrder({ order: retried })).status).toBe('rejected');
    await ctx.redis.hset(k.account, 'cash', 1_000); // cash freed since (a close elsewhere)
    const filled = await platform.placeOrder({ order: retried });
    expect(filled).toMatchObject({ status: 'filled', replayed: false });
    expect(await ctx.redis.hlen(k.orders)).toBe(1);
  });

  it('leaves a pending order placed after the matching time to a later match', async () => {
    const { platform } = await account();
    const limit = order({ limitPrice: 90, at: 5_000 });
    expect((await platform.placeOrder({ order: limit })).status).toBe('pending');
    expect(await platform.matchPendingOrders({ prices: { BTCUSD: 80 }, at: 4_000 })).toEqual([]);
    const [filled] = await platform.matchPendingOrders({ prices: { BTCUSD: 80 }, at: 6_000 });
    expect(filled).toMatchObject({ openedAt: 6_000, entryPrice: 80 });
  });

  it('drops a pending order rejected at its fill with its record', async () => {
    const { platform, k } = await account({ initialBalance: 100 });
    const limit = order({ size: 0.9, limitPrice: 90 });
    expect((await platform.placeOrder({ order: limit })).status).toBe('pending');
    await ctx.redis.hset(k.account, 'cash', 10); // spent meanwhile
    expect(await platform.matchPendingOrders({ prices: { BTCUSD: 80 }, at: 2_000 })).toEqual([]);
    expect([await ctx.redis.hlen(k.pending), await ctx.redis.zcard(k.pendingExpiry)]).toEqual([
      0, 0,
    ]);
    expect(await ctx.redis.hexists(k.orders, limit.idempotencyKey)).toBe(0);
  });

  it('gives a limit order the default expiry, or its own, and never fills it after', async () => {
    const { platform, k } = await account({ pendingTtlMs: 10_000 });
    const byDefault = await platform.placeOrder({ order: order({ limitPrice: 90 }) });
    const own = order({ limitPrice: 90, expiresAt: 60_000 });
    const withOwn = await platform.placeOrder({ order: own });
    expect(Number(await ctx.redis.zscore(k.pendingExpiry, byDefault.orderId))).toBe(11_000);
    expect(Number(await ctx.redis.zscore(k.pendingExpiry, withOwn.orderId))).toBe(60_000);

    // Past the first's expiry, at a price both would fill at: only the live one fills.
    const opened = await platform.matchPendingOrders({ prices: { BTCUSD: 80 }, at: 11_000 });
    expect(opened).toHaveLength(1);
    expect(await platform.openPositions()).toHaveLength(1);
    expect(await ctx.redis.hlen(k.pending)).toBe(0);
    expect(await ctx.redis.zcard(k.pendingExpiry)).toBe(0);
    // The expired order's record went with it; the filled one's stays (it holds money).
    expect(await ctx.redis.hexists(k.orders, own.idempotencyKey)).toBe(1);
    expect(await ctx.redis.hlen(k.orders)).toBe(1);
  });

  it('drains a backlog of expired orders in bounded batches, filling none of them', async () => {
    const { platform, k } = await account();
    const expired = 1_200;
    const pipeline = ctx.redis.pipeline();
    for (let i = 0; i < expired; i++) {
      const stored = { ...order({ limitPrice: 90 }), orderId: `old${i}`, expiresAt: 1_500 };
      pipeline.hset(k.pending, stored.orderId, JSON.stringify(stored));
      pipeline.zadd(k.pendingExpiry, 1_500, stored.orderId);
    }
    await pipeline.exec();
    await platform.placeOrder({ order: order({ limitPrice: 90, expiresAt: 1e12 }) });

    const first = await platform.matchPendingOrders({ prices: { BTCUSD: 80 }, at: 2_000 });
    expect(first).toHaveLength(1);
    expect(await ctx.redis.zcard(k.pendingExpiry)).toBe(expired - 500);
    expect(await platform.matchPendingOrders({ prices: { BTCUSD: 80 }, at: 3_000 })).toEqual([]);
    expect(await platform.matchPendingOrders({ prices: { BTCUSD: 80 }, at: 4_000 })).toEqual([]);
    expect(await ctx.redis.zcard(k.pendingExpiry)).toBe(0);
    expect(await ctx.redis.hlen(k.pending)).toBe(0);
    expect(await platform.tradeCount()).toBe(1);
  });

  it('cancels pending orders with their records, and adopts ones kept before expiry existed', async () => {
    const { platform, k } = await account({ pendingTtlMs: 60_000 });
    const limit = order({ limitPrice: 90 });
    await platform.placeOrder({ order: limit });
    expect(await platform.cancelPendingOrders()).toBe(1);
    expect(await ctx.redis.hexists(k.orders, limit.idempotencyKey)).toBe(0);
    expect(await ctx.redis.exists(k.pending, k.pendingExpiry)).toBe(0);

    const legacy = { ...order({ limitPrice: 90 }), orderId: 'legacy' };
    await ctx.redis.hset(k.pending, 'legacy', JSON.stringify(legacy));
    const before = Date.now();
    await platform.init();
    const score = Number(await ctx.redis.zscore(k.pendingExpiry, 'legacy'));
    expect(score).toBeGreaterThanOrEqual(before + 60_000);
    expect(score).toBeLessThanOrEqual(Date.now() + 60_000);
  });
});
