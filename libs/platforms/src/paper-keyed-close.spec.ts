import { ConflictError, type OrderRequest } from '@ffe/domain';
import { useRedis } from '@ffe/testing';
import { PaperTradingPlatform } from './paper.trading-platform';

/** A close under an idempotency key: once, and the key's only side effect. */
describe('PaperTradingPlatform: a close under an idempotency key', () => {
  const ctx = useRedis();
  let prefixes = 0;

  async function withLong() {
    const platform = new PaperTradingPlatform({
      redis: ctx.redis,
      initialBalance: 10_000,
      feePct: 0.1,
      slippagePct: 0.05,
      // The position under test is a short: keyed closes are the same for either side.
      allowShorts: true,
      keyPrefix: `kc${++prefixes}`,
    });
    await platform.init();
    const opened = await platform.placeOrder({ order: order({ idempotencyKey: 'entry' }) });
    return { platform, position: opened.position! };
  }

  const order = (over: Partial<OrderRequest> = {}): OrderRequest => ({
    idempotencyKey: 'order:dec_1',
    assetPair: 'BTCUSD',
    side: 'SELL',
    size: 2,
    marketPrice: 100,
    at: 1_000,
    ...over,
  });
  const close = (positionId: string, idempotencyKey?: string) => ({
    positionId,
    price: 110,
    reason: 'signal_reversal',
    at: 2_000,
    idempotencyKey,
  });

  it('answers a close sent again under its key with the first close, paying out once', async () => {
    const { platform, position } = await withLong();
    const first = await platform.closePosition(close(position.id, 'order:dec_1'));
    const cash = (await platform.balances({ prices: {} })).cash;
    const again = await platform.closePosition(close(position.id, 'order:dec_1'));
    expect(again).toEqual(first);
    expect((await platform.balances({ prices: {} })).cash).toBe(cash);
  });

  it('answers an order under a close’s key with that close, trading nothing', async () => {
    const { platform, position } = await withLong();
    const closed = await platform.closePosition(close(position.id, 'order:dec_1'));
    const before = await platform.balances({ prices: {} });
    const result = await platform.placeOrder({ order: order() });
    expect(result).toMatchObject({ status: 'filled', replayed: true, keyedClose: closed });
    expect(result.position).toBeUndefined();
    expect(await platform.openPositions()).toEqual([]);
    expect(await platform.balances({ prices: {} })).toEqual(before);
    expect(
      await platform.orderByKey({ idempotencyKey: 'order:dec_1', assetPair: 'BTCUSD' }),
    ).toMatchObject({ keyedClose: closed, replayed: true });
  });

  it('closes nothing under a key an order already used', async () => {
    const { platform, position } = await withLong();
    await platform.placeOrder({ order: order({ idempotencyKey: 'order:dec_2', side: 'BUY' }) });
    const refused = platform.closePosition(close(position.id, 'order:dec_2'));
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({ code: 'ORDER.KEY_USED' });
    expect((await platform.getPosition({ positionId: position.id }))?.status).toBe('open');
  });

  it('without a key still closes once: the second close is a conflict', async () => {
    const { platform, position } = await withLong();
    await platform.closePosition(close(position.id));
    await expect(platform.closePosition(close(position.id))).rejects.toMatchObject({
      code: 'POSITION.CLOSED',
    });
  });
});
