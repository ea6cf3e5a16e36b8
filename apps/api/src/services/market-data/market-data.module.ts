import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { MARKET_DATA_ADAPTERS } from './market-data.adapters';
import { MARKET_DATA } from './market-data.tokens';

/** Binds MARKET_DATA to the adapter MARKET_DATA_SOURCE names (validated at start). */
@Module({
  providers: [
    {
      provide: MARKET_DATA,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        MARKET_DATA_ADAPTERS[config.trading.marketData.source](config.trading),
    },
  ],
  exports: [MARKET_DATA],
})
export class MarketDataModule {}
