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

  /**
   * Runs `operation` within the bound, or resolves FAILED (and counts it) — it never rejects.
   * One promise and one timer per call: this is on every cache read.
   */
  run<T>(op: FeatureStoreErrorOp, operation: () => Promise<T>): Promise<T | Failed> {
    if (!this.available) {
      this.observer.error(op);
      this.failures++;
      return Promise.resolve(FAILED);
    }
    return new Promise<T | Failed>((resolve) => {
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.fail(op, error);
        resolve(FAILED);
      };
      // The verdict waits one turn of the event loop (setImmediate runs after pending I/O):
      // after a CPU-bound stretch (a compute) the timer and the reply are both due, and the
      // reply must win — a busy process is not a slow Redis.
      const timer = setTimeout(
        () => setImmediate(() => fail(new Error(`no answer within ${this.timeoutMs} ms`))),
        this.timeoutMs,
      );
      let pending: Promise<T>;
      try {
        pending = operation();
      } catch (error) {
        return fail(error);
      }
      pending.then((value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (this.unavailableUntil !== 0) this.unavailableUntil = 0;
        resolve(value);
      }, fail);
    });
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
