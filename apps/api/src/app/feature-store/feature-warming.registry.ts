import { Injectable } from '@nestjs/common';
import type { CandleFrame, ComputeFeatures, FeatureConfig } from '@ffe/domain';

/** One entry a warming job precomputes: the request the next trading cycle will make. */
export interface FeatureWarmPlan {
  frame: CandleFrame;
  config: FeatureConfig;
  compute: ComputeFeatures;
}

/**
 * Knows what a cycle at a time will ask for a symbol (that time's frame, each strategy's config
 * and computation), and which symbols the next cycle decides on. Modules that read features
 * register one at init (`registry.register(this)`).
 */
export interface FeatureWarmSource {
  /** What a cycle at `at` (epoch ms) asks for; only bars closed before `at` are read. */
  warmPlans(symbol: string, at: number): Promise<FeatureWarmPlan[]>;
  /** The symbols the next cycle will ask features of (none while the bot does not decide). */
  symbolsToWarm(): Promise<string[]>;
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
