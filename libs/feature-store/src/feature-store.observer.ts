import type { FeatureStoreErrorOp, FeatureStoreWarmResult } from '@ffe/contracts';

/**
 * What the store reports as it works, for metrics. The store knows no metrics library: the app
 * binds these hooks to prom-client. Durations are in seconds. Every hook is on the hot path, so
 * an implementation must be cheap (a counter increment, a histogram observe).
 */
export interface FeatureStoreObserver {
  /** A request served without computing: L1, L2, or another request's compute. */
  hit(symbol: string): void;
  /** A request that ran the computation (cold key, or Redis unavailable). */
  miss(symbol: string): void;
  readDuration(seconds: number): void;
  writeDuration(seconds: number): void;
  lockAcquireDuration(seconds: number): void;
  lockWaitDuration(seconds: number): void;
  computeDuration(seconds: number): void;
  /** A Redis operation that failed, timed out, or was skipped while Redis is unavailable. */
  error(op: FeatureStoreErrorOp): void;
  warm(result: FeatureStoreWarmResult): void;
}

const ignore = (): void => undefined;

export const noopObserver: FeatureStoreObserver = {
  hit: ignore,
  miss: ignore,
  readDuration: ignore,
  writeDuration: ignore,
  lockAcquireDuration: ignore,
  lockWaitDuration: ignore,
  computeDuration: ignore,
  error: ignore,
  warm: ignore,
};
