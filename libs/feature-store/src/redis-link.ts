import type { FeatureStoreErrorOp } from '@ffe/contracts';
import type { FeatureStoreObserver } from './feature-store.observer';

/** What a bounded operation returns when Redis failed it: the caller computes through. */
export const FAILED: unique symbol = Symbol('redis operation failed');
export type Failed = typeof FAILED;

/**
 * Every Redis operation of the store goes through here: bounded by a timeout, counted when it
 * fails, and skipped for a short cool-down after a failure — so while Redis is down or hung
 * the store computes through at full speed instead of paying a timeout per request. The first
 * operation after the cool-down (or a successful probe) tries Redis again: recovery needs nobody.
 */
export class RedisLink {
  private unavailableUntil = 0;
  private lastError: string | undefined;
  private failures = 0;

  constructor(
    private readonly timeoutMs: number,
    private readonly cooldownMs: number,
    private readonly observer: FeatureStoreObserver,
  ) {}

  /** True unless a recent failure put Redis in its cool-down. */
  get available(): boolean {
    return this.unavailableUntil === 0 || Date.now() >= this.unavailableUntil;
  }

  /** The last failure's message while Redis is considered down; undefined when it is up. */
  get problem(): string | undefined {
    return this.unavailableUntil === 0 ? undefined : this.lastError;
  }

  get failureCount(): number {
    return this.failures;
  }

  /** Runs `operation` within the bound, or returns FAILED (and counts it) — it never throws. */
  async run<T>(op: FeatureStoreErrorOp, operation: () => Promise<T>): Promise<T | Failed> {
    if (!this.available) {
      this.observer.error(op);
      this.failures++;
      return FAILED;
    }
    try {
      const result = await withTimeout(operation(), this.timeoutMs);
      if (this.unavailableUntil !== 0) this.unavailableUntil = 0;
      return result;
    } catch (error) {
      this.fail(op, error);
      return FAILED;
    }
  }

  /** Like run, but ignores the cool-down: health probes must reach Redis to notice recovery. */
  async probe<T>(operation: () => Promise<T>): Promise<T | Failed> {
    this.unavailableUntil = 0;
    return this.run('ping', operation);
  }

  private fail(op: FeatureStoreErrorOp, error: unknown): void {
    this.observer.error(op);
    this.failures++;
    this.lastError = `${op}: ${error instanceof Error ? error.message : String(error)}`;
    this.unavailableUntil = Date.now() + this.cooldownMs;
  }
}

/** Rejects when `promise` has not settled within `ms`; a late settlement is dropped quietly. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      promise.catch(() => undefined);
      reject(new Error(`no answer within ${ms} ms`));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
