export { SimulatedMarketData, type SimulatedMarketOptions } from './simulated.market-data';
export { CsvMarketData } from './csv.market-data';
export { parseCandlesCsv } from './csv-parse';
export { DEFAULT_PAIR_PROFILES } from './pair-profiles';
export {
  AlphaVantageMarketData,
  ALPHA_VANTAGE_BASE_URL,
  type AlphaVantageOptions,
  type CallPermits,
} from './alpha-vantage.market-data';
export { alphaVantageSymbol } from './alpha-vantage-parse';
export {
  ExchangeMarketData,
  DEFAULT_EXCHANGE_ID,
  exchangeSymbol,
  rebaseApiUrls,
  type ExchangeMarketDataOptions,
} from './exchange.market-data';
