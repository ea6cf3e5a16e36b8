import { Injectable } from '@nestjs/common';
import type { CandleFrame, ComputeFeatures, FeatureConfig } from '@ffe/domain';

/** One entry a warming job precomputes: the request the next trading cycle will make. */
export interface FeatureWarmPlan {
  frame: CandleFrame;
  config: FeatureConfig;
  compute: ComputeFeatures;
}

/**
 * Knows what the next cycle will ask for a symbol (the next bar's frame, each strategy's config
 * and computation). Modules that read features register one at init (`registry.register(this)`).
 */
export interface FeatureWarmSource {
  warmPlans(symbol: string): Promise<FeatureWarmPlan[]>;
}

/** The warm sources of the app; the warming processor asks each of them. */
@Injectable()
export class FeatureWarmingRegistry {
  private readonly registered: FeatureWarmSource[] = [];

  register(source: FeatureWarmSource): void {
    if (!this.registered.includes(source)) this.registered.push(source);
  }

  get sources(): readonly FeatureWarmSource[] {
    return this.registered;
  }
}
