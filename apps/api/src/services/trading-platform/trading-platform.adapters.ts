import type { TradingPlatform } from '@ffe/domain';
import {
  CoinbaseTradingPlatform,
  OandaTradingPlatform,
  OandaV20Client,
  PaperTradingPlatform,
  RedisPositionProtectionStore,
} from '@ffe/platforms';
import type { TradingConfig } from '../../config/app-config';
import type { RedisClient } from '../redis/redis-client.factory';

/** Every platform adapter by the name TRADING_PLATFORM uses. Add a venue here. */
export const TRADING_PLATFORM_ADAPTERS: Record<
  string,
  (deps: { config: TradingConfig; redis: RedisClient }) => Promise<TradingPlatform>
> = {
  paper: async ({ config, redis }) => {
    const platform = new PaperTradingPlatform({
      redis,
      ...config.paper,
      pendingTtlMs: config.pendingOrders.ttlMs,
    });
    // Redis may still be connecting; an unfunded account is funded on first use instead.
    await platform.init().catch(() => undefined);
    return platform;
  },
  oanda: async ({ config }) => {
    // Config validation requires the token and account for this platform.
    if (!config.oanda) throw new Error('OANDA_API_TOKEN and OANDA_ACCOUNT_ID are required');
    return new OandaTradingPlatform(new OandaV20Client(config.oanda));
  },
  coinbase: async ({ config, redis }) => {
    // Config validation requires the key and secret for this platform.
    if (!config.coinbase) throw new Error('COINBASE_API_KEY and COINBASE_API_SECRET are required');
    // Coinbase spot holds no stop-loss / take-profit for us: they are state in Redis.
    const protection = new RedisPositionProtectionStore({ redis, platform: 'coinbase' });
    return new CoinbaseTradingPlatform(config.coinbase, protection);
  },
};
