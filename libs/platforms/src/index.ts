export { PaperTradingPlatform, type PaperPlatformOptions } from './paper.trading-platform';
export { GuardedTradingPlatform, type OrderGate } from './guarded.trading-platform';
export { MeteredTradingPlatform } from './metered.trading-platform';
export { paperKeys } from './paper-keys';
export {
  RedisPositionProtectionStore,
  protectionKey,
  type RedisPositionProtectionOptions,
} from './redis-position-protection.store';
export {
  OANDA_HOSTS,
  OandaApiError,
  OandaV20Client,
  type OandaClientOptions,
} from './oanda/oanda-v20.client';
export * from './oanda/oanda-units';
export type * from './oanda/oanda-v20.types';
export { OandaTradingPlatform } from './oanda/oanda.trading-platform';
export {
  CoinbaseTradingPlatform,
  coinbaseSymbol,
  type CoinbaseOptions,
} from './coinbase/coinbase.trading-platform';
