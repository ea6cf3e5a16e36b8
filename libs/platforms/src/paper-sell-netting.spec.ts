import { InvalidInputError, type OrderRequest } from '@ffe/domain';
import { useRedis } from '@ffe/testing';
import { paperKeys } from './paper-keys';
import { PaperTradingPlatform } from './paper.trading-platform';

describe('the paper account nets like spot: a SELL sells longs, never an uncovered short', () => {
  const ctx = useRedis();
  let prefixes = 0;
  const FEE = 0.001;

  async function account(options: { initialBalance?: number; allowShorts?: boolean } = {}) {
    const keyPrefix = `n${++prefixes}`;
    const platform = new PaperTradingPlatform({
      redis: ctx.redis,
      initialBalance: options.initialBalance ?? 10_000,
      feePct: FEE * 100,
      slippagePct: 0,
      allowShorts: options.allowShorts,
      keyPrefix,
    });
    await platform.init();
    return { platform, keys: paperKeys(keyPrefix) };
  }

  let keys = 0;
  const order = (over: Partial<OrderRequest> = {}): OrderRequest => ({
    idempotencyKey: `k${++keys}`,
    assetPair: 'BTCUSD',
    side: 'BUY',
    size: 2,
    marketPrice: 100,
    at: 1_000,
    ...over,
  });
  const cash = async (platform: PaperTradingPlatform) =>
    (await platform.balances({ prices: {} })).cash;

  it('refuses a SELL with no long open (400 naming action) and stores nothing', async () => {
    const { platform, keys: k } = await account();
    const sell = order({ side: 'SELL', size: 1 });
    const refused = platform.placeOrder({ order: sell });
    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ code: 'ORDER.NO_LONG_TO_SELL', field: 'action' });
    expect(await platform.openPositions()).toEqual([]);
    expect(await ctx.redis.hexists(k.orders, sell.idempotencyKey)).toBe(0);
    expect(await cash(platform)).toBe(10_000);
  });

  it('reduces a long by a smaller SELL: the part closes at the fill price, fees pro rata', async () => {
    const { platform, keys: k } = await account();
    const { position: long } = await platform.placeOrder({ order: order({ size: 2 }) });
    const sold = await platform.placeOrder({
      order: order({ side: 'SELL', size: 0.5, marketPrice: 110, at: 2_000 }),
    });
    expect(sold).toMatchObject({ status: 'filled', replayed: false });
    expect(sold.position).toBeUndefined();
    const [part] = sold.closed!;
    // The part: 0.5 of the long, a quarter of its entry fee, its own exit fee and P&L.
    const entryFee = 100 * 2 * FEE;
    const expectedPnl = (110 - 100) * 0.5 - entryFee / 4 - 110 * 0.5 * FEE;
    expect(part).toMatchObject({
      status: 'closed',
      size: 0.5,
      exitPrice: 110,
      closeReason: 'sell',
    });
    expect(part.id).not.toBe(long!.id);
    expect(part.entryFee).toBeCloseTo(entryFee / 4, 12);
    expect(part.realizedPnl).toBeCloseTo(expectedPnl, 10);
    const [left] = await platform.openPositions();
    expect(left).toMatchObject({ id: long!.id, size: 1.5, status: 'open' });
    expect(left.entryFee).toBeCloseTo((entryFee * 3) / 4, 12);
    const balances = await platform.balances({ prices: {} });
    expect(balances.cash).toBeCloseTo(10_000 - 200 - entryFee + 55 - 110 * 0.5 * FEE, 8);
    expect(balances.realizedPnl).toBeCloseTo(expectedPnl, 10);
    expect((await platform.closedPositions({ since: 0 })).map((p) => p.id)).toEqual([part.id]);
    const [[, fields]] = await ctx.redis.xrevrange(k.ledger, '+', '-', 'COUNT', 1);
    expect(fields.slice(0, 4)).toEqual(['event', 'reduce', 'position_id', long!.id]);
  });

  it('closes the long when the SELL matches its size, and a retry replays instead of refusing', async () => {
    const { platform } = await account();
    const { position: long } = await platform.placeOrder({ order: order({ size: 2 }) });
    const sell = order({ side: 'SELL', size: 2, marketPrice: 90, at: 3_000 });
    const sold = await platform.placeOrder({ order: sell });
    expect(sold.closed).toEqual([
      expect.objectContaining({ id: long!.id, status: 'closed', exitPrice: 90, closedAt: 3_000 }),
    ]);
    expect(await platform.openPositions()).toEqual([]);
    const whole = (90 - 100) * 2 - 100 * 2 * FEE - 90 * 2 * FEE;
    expect((await platform.balances({ prices: {} })).realizedPnl).toBeCloseTo(whole, 10);
    const again = await platform.placeOrder({ order: sell });
    expect(again).toMatchObject({ replayed: true, orderId: sold.orderId });
    expect(await cash(platform)).toBeCloseTo(10_000 + whole, 8);
  });

  it('refuses a SELL larger than the long (400 naming size) and leaves the long whole', async () => {
    const { platform } = await account();
    await platform.placeOrder({ order: order({ size: 1 }) });
    await expect(
      platform.placeOrder({ order: order({ side: 'SELL', size: 1.5 }) }),
    ).rejects.toMatchObject({ code: 'ORDER.SIZE_EXCEEDS_LONG', field: 'size' });
    expect((await platform.openPositions()).map((p) => p.size)).toEqual([1]);
  });

  it('refuses stop_loss or take_profit on a SELL of a long: it opens nothing they could guard', async () => {
    const { platform } = await account();
    await platform.placeOrder({ order: order({ size: 1 }) });
    for (const [levels, field] of [
      [{ stopLoss: 120 }, 'stop_loss'],
      [{ takeProfit: 80 }, 'take_profit'],
    ] as const) {
      await expect(
        platform.placeOrder({ order: order({ side: 'SELL', size: 1, ...levels }) }),
      ).rejects.toMatchObject({ code: 'ORDER.LEVELS_ON_SELL', field });
    }
    expect((await platform.openPositions()).map((p) => p.size)).toEqual([1]);
  });

  it('sells the pair’s longs oldest first when several are open', async () => {
    const { platform } = await account();
    const first = await platform.placeOrder({ order: order({ size: 1, at: 1 }) });
    const second = await platform.placeOrder({ order: order({ size: 1, at: 2 }) });
    await platform.placeOrder({ order: order({ assetPair: 'ETHUSD', size: 1 }) });
    const sold = await platform.placeOrder({ order: order({ side: 'SELL', size: 1.5 }) });
    expect(sold.closed!.map((p) => p.size)).toEqual([1, 0.5]);
    expect(sold.closed![0].id).toBe(first.position!.id);
    const open = await platform.openPositions();
    expect(open.map((p) => [p.assetPair, p.size])).toEqual([
      ['BTCUSD', 0.5],
      ['ETHUSD', 1],
    ]);
    expect(open[0].id).toBe(second.position!.id);
  });

  it('sells a long once under racing SELLs of all of it: one fills, the rest are refused', async () => {
    const { platform } = await account();
    await platform.placeOrder({ order: order({ size: 1 }) });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        platform.placeOrder({ order: order({ side: 'SELL', size: 1 }) }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(await platform.openPositions()).toEqual([]);
    expect(await cash(platform)).toBeCloseTo(10_000 - 2 * 0.1, 8);
  });

  it('never lets cash go negative, whatever the orders and prices', async () => {
    const { platform } = await account({ initialBalance: 1_000 });
    let seed = 11;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    let lowest = Infinity;
    for (let i = 0; i < 200; i++) {
      const price = 10 + random() * 500;
      const side = random() < 0.5 ? 'BUY' : 'SELL';
      const size = random() * 5;
      await platform
        .placeOrder({ order: order({ side, size, marketPrice: price, at: i }) })
        .catch((error: unknown) => {
          if (!(error instanceof InvalidInputError)) throw error;
        });
      lowest = Math.min(lowest, await cash(platform));
    }
    expect(lowest).toBeGreaterThanOrEqual(0);
    // The old hedge: a SELL against a long now sells it, so no short's loss can drain cash.
    const open = await platform.openPositions();
    expect(open.every((p) => p.side === 'long')).toBe(true);
  });

  it('opens a short for a SELL with no long only where shorts are allowed', async () => {
    const { platform } = await account({ allowShorts: true });
    expect(platform.supportsShorts).toBe(true);
    const { position } = await platform.placeOrder({ order: order({ side: 'SELL', size: 1 }) });
    expect(position).toMatchObject({ side: 'short', size: 1 });
    expect((await account()).platform.supportsShorts).toBe(false);
  });

  it('drops a pending SELL whose long was closed before the limit was reached', async () => {
    const { platform, keys: k } = await account();
    const { position } = await platform.placeOrder({ order: order({ size: 1 }) });
    const pending = await platform.placeOrder({
      order: order({ side: 'SELL', size: 1, limitPrice: 120, at: 1 }),
    });
    expect(pending.status).toBe('pending');
    await platform.closePosition({ positionId: position!.id, price: 100, reason: 'manual', at: 5 });
    expect(await platform.matchPendingOrders({ prices: { BTCUSD: 125 }, at: 6 })).toEqual([]);
    expect(await ctx.redis.hlen(k.pending)).toBe(0);
    expect(await platform.openPositions()).toEqual([]);
  });
});
