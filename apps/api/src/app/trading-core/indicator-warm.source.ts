import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Clock, MarketDataProvider } from '@ffe/domain';
import { computeIndicators, INDICATOR_CONFIG } from '@ffe/strategies';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { MARKET_DATA } from '../../services/market-data/market-data.tokens';
import {
  FeatureWarmingRegistry,
  type FeatureWarmPlan,
  type FeatureWarmSource,
} from '../feature-store/feature-warming.registry';
import { CLOCK } from './clock.token';
import { MarketPrices } from './market-prices.service';

/**
 * Tells the feature store's warming jobs what the technical providers will ask for: the
 * indicator set of a pair's frame now and at the next cycle, so that cycle is a cache hit.
 */
@Injectable()
export class IndicatorWarmSource implements FeatureWarmSource, OnModuleInit {
  constructor(
    private readonly registry: FeatureWarmingRegistry,
    private readonly prices: MarketPrices,
    @Inject(MARKET_DATA) private readonly market: MarketDataProvider,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async warmPlans(symbol: string): Promise<FeatureWarmPlan[]> {
    if (!this.market.pairs().includes(symbol)) return [];
    const now = this.clock.now().getTime();
    const times = [now, now + this.config.trading.intervalMs];
    const frames = await Promise.all(times.map((at) => this.prices.frame(symbol, at)));
    return frames.map((frame) => ({
      frame,
      config: { ...INDICATOR_CONFIG },
      compute: computeIndicators,
    }));
  }
}
