import type { MarketDataProvider } from '@ffe/domain';
import { CsvMarketData, SimulatedMarketData } from '@ffe/market-data';
import type { TradingConfig } from '../../config/app-config';

/** Every market-data adapter by the name MARKET_DATA_SOURCE uses. Add a venue here. */
export const MARKET_DATA_ADAPTERS: Record<string, (config: TradingConfig) => MarketDataProvider> = {
  simulated: (config) =>
    new SimulatedMarketData({
      seed: config.marketData.seed,
      extraPairs: config.marketData.extraPairs,
    }),
  csv: (config) => new CsvMarketData(config.marketData.csvDir ?? '.'),
};
