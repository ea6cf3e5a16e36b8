import { UnavailableError } from '@ffe/domain';
import { freePort, useRedis } from '@ffe/testing';
import type { TradingConfig } from '../../config/app-config';
import { TRADING_PLATFORM_ADAPTERS } from './trading-platform.adapters';

describe('the coinbase platform as the app builds it', () => {
  const ctx = useRedis();

  it('keeps protective levels in the state Redis it is given, before Coinbase is reached', async () => {
    // Nothing listens there: the order cannot reach Coinbase, yet its levels are state already.
    const config = {
      coinbase: {
        apiKey: 'cb-key',
        apiSecret: 'cb-secret-0123456789',
        pairs: ['BTCUSD'],
        baseUrl: `http://127.0.0.1:${await freePort()}`,
      },
    } as TradingConfig;
    const platform = await TRADING_PLATFORM_ADAPTERS.coinbase({ config, redis: ctx.redis });

    const placing = platform.placeOrder({
      order: {
        idempotencyKey: 'manual:k1',
        assetPair: 'BTCUSD',
        side: 'BUY',
        size: 0.01,
        marketPrice: 42_000,
        stopLoss: 41_000,
        takeProfit: 45_000,
        at: 0,
      },
    });
    await expect(placing).rejects.toBeInstanceOf(UnavailableError);
    const key = 'ffe:{coinbase}:protection';
    expect(JSON.parse((await ctx.redis.hget(key, 'ffe-manual:k1')) ?? 'null')).toEqual({
      stopLoss: 41_000,
      takeProfit: 45_000,
    });
    expect(await ctx.redis.ttl(key)).toBe(-1);
  });
});
