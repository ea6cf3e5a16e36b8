import { Global, Module } from '@nestjs/common';
import { systemClock } from '@ffe/domain';
import { BotStateModule } from '../../services/bot-state/bot-state.module';
import { MarketDataModule } from '../../services/market-data/market-data.module';
import { TradingPlatformModule } from '../../services/trading-platform/trading-platform.module';
import { FeatureStoreModule } from '../feature-store/feature-store.module';
import { CLOCK } from './clock.token';
import { DecisionEngine } from './decision-engine.service';
import { DecisionLog } from './decision-log.repository';
import { DecisionProviderRegistry } from './decision-provider.registry';
import { IndicatorWarmSource } from './indicator-warm.source';
import { MarketPrices } from './market-prices.service';
import { PositionCloser } from './position-closer.service';
import { TradingMetrics } from './trading-metrics';

/**
 * What the bot, positions, decisions, portfolio and cycle modules share: the adapters
 * (market data, platform), the bot state, the decision log and engine, and the ffe_* metrics.
 */
@Global()
@Module({
  imports: [BotStateModule, MarketDataModule, TradingPlatformModule, FeatureStoreModule],
  providers: [
    { provide: CLOCK, useValue: systemClock },
    TradingMetrics,
    DecisionLog,
    DecisionProviderRegistry,
    DecisionEngine,
    MarketPrices,
    PositionCloser,
    IndicatorWarmSource,
  ],
  exports: [
    CLOCK,
    BotStateModule,
    MarketDataModule,
    TradingPlatformModule,
    TradingMetrics,
    DecisionLog,
    DecisionProviderRegistry,
    DecisionEngine,
    MarketPrices,
    PositionCloser,
  ],
})
export class TradingCoreModule {}
