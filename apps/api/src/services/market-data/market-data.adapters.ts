import type { MarketDataProvider } from '@ffe/domain';
import {
  AlphaVantageMarketData,
  CsvMarketData,
  ExchangeMarketData,
  SimulatedMarketData,
  type CallPermits,
} from '@ffe/market-data';
import type { TradingConfig } from '../../config/app-config';

/** What an adapter may need beyond config: the shared call budget of a rate-limited service. */
export interface MarketDataContext {
  permits?: CallPermits;
}

type AdapterFactory = (config: TradingConfig, context: MarketDataContext) => MarketDataProvider;

/** Every market-data adapter by the name MARKET_DATA_SOURCE uses. Add a venue here. */
export const MARKET_DATA_ADAPTERS: Record<string, AdapterFactory> = {
  simulated: (config) =>
    new SimulatedMarketData({
      seed: config.marketData.seed,
      extraPairs: config.marketData.extraPairs,
    }),
  csv: (config) => new CsvMarketData(config.marketData.csvDir ?? '.'),
  'alpha-vantage': (config, { permits }) => {
    const options = config.marketData.alphaVantage;
    // Config validation requires the key for this source; this guards a hand-built config.
    if (!options) throw new Error('ALPHA_VANTAGE_API_KEY is required for alpha-vantage');
    return new AlphaVantageMarketData({ ...options, permits });
  },
  exchange: (config) => {
    const options = config.marketData.exchange;
    if (!options) throw new Error('MARKET_DATA_SOURCE=exchange needs its exchange settings');
    return new ExchangeMarketData(options);
  },
};
