import type { CandleFrame } from './market';

/**
 * Features computed from a candle frame, column-major: one typed array per feature, each as
 * long as the frame (leading values where an indicator is not yet defined are NaN).
 */
export interface FeatureFrame {
  length: number;
  columns: Record<string, Float64Array>;
}

/** Settings that change what is computed (periods, feature-set version); part of the cache key. */
export type FeatureConfig = Record<string, unknown>;

export type ComputeFeatures = (frame: CandleFrame, config: FeatureConfig) => Promise<FeatureFrame>;

/**
 * The cache every decision reads its indicators through. Identical inputs (symbol, timeframe,
 * config, candle data) return the stored features; otherwise `compute` runs — at most once per
 * key across all replicas — and its result is stored. It never fails because the cache is
 * down: it computes through instead.
 */
export interface FeatureStore {
  getOrCompute(
    symbol: string,
    frame: CandleFrame,
    config: FeatureConfig,
    compute: ComputeFeatures,
  ): Promise<FeatureFrame>;
}
