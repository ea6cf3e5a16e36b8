import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { MarketDataProvider } from '@ffe/domain';
import { computeIndicators, INDICATOR_CONFIG } from '@ffe/strategies';
import { BotStateStore } from '../../services/bot-state/bot-state.store';
import { MARKET_DATA } from '../../services/market-data/market-data.tokens';
import {
  FeatureWarmingRegistry,
  type FeatureWarmPlan,
  type FeatureWarmSource,
} from '../feature-store/feature-warming.registry';
import { MarketPrices } from './market-prices.service';

/**
 * Tells the feature store's warming jobs what the technical providers will ask for: the
 * indicator set of a pair's frame at a cycle's time, for the pairs a running bot decides on.
 */
@Injectable()
export class IndicatorWarmSource implements FeatureWarmSource, OnModuleInit {
  constructor(
    private readonly registry: FeatureWarmingRegistry,
    private readonly prices: MarketPrices,
    private readonly bot: BotStateStore,
    @Inject(MARKET_DATA) private readonly market: MarketDataProvider,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async symbolsToWarm(): Promise<string[]> {
    const { state, config } = await this.bot.read();
    // `starting` becomes `running` at the next cycle, which then decides.
    if (state !== 'running' && state !== 'starting') return [];
    const known = new Set(this.market.pairs());
    return config.asset_pairs.filter((pair) => known.has(pair));
  }

  async warmPlans(symbol: string, at: number): Promise<FeatureWarmPlan[]> {
    if (!this.market.pairs().includes(symbol)) return [];
    const frame = await this.prices.frame(symbol, at);
    return [{ frame, config: { ...INDICATOR_CONFIG }, compute: computeIndicators }];
  }
}
