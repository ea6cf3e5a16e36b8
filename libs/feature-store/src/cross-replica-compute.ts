import { randomBytes } from 'node:crypto';
import type { CandleFrame, ComputeFeatures, FeatureConfig, FeatureFrame } from '@ffe/domain';
import { encodeFeatures } from './feature-codec';
import type { FeatureStoreObserver } from './feature-store.observer';
import {
  abandonLock,
  acquireOrRead,
  extendLock,
  storeEntry,
  type RedisClient,
} from './lua-scripts';
import type { Manifest } from './manifest';
import { Notifier } from './notifier';
import { formatManifestEntry, type RedisKeys } from './redis-keys';
import { FAILED, type RedisLink } from './redis-link';

/** One cold request: what to compute, and where its entry lives. */
export interface ColdRequest {
  symbol: string;
  id: string;
  frame: CandleFrame;
  config: FeatureConfig;
  compute: ComputeFeatures;
  /** Decodes an entry found in Redis (and keeps it in L1); undefined when unreadable. */
  decode(value: Buffer): FeatureFrame | undefined;
  /** Called with what this replica computed and stored. */
  computed(features: FeatureFrame): void;
}

export interface Outcome {
  frame: FeatureFrame;
  /** True when this call ran the computation (a miss). */
  computed: boolean;
}

/** A compute that failed on another replica, as its waiters here see it. */
export class FeatureComputeError extends Error {
  constructor(message: string) {
    super(`feature computation failed on another replica: ${message}`);
    this.name = 'FeatureComputeError';
  }
}

/** A woken waiter tries the lock again a little after the owner's TTL would run out. */
const LOCK_EXPIRY_SLACK_MS = 5;

/**
 * Cross-replica single-flight for a key that Redis does not hold: take the lock (SET NX PX with
 * a random token) and compute, or wait to be woken by the owner's notification — or by the
 * lock's expiry, when the owner died. Whatever Redis cannot do, the request computes itself.
 */
export class CrossReplicaCompute {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly link: RedisLink,
    private readonly notifier: Notifier,
    private readonly manifest: Manifest,
    private readonly observer: FeatureStoreObserver,
    private readonly settings: { lockTtlMs: number; maxWaitMs: number; retentionMs: number },
  ) {}

  async run(request: ColdRequest): Promise<Outcome> {
    const { symbol, id } = request;
    const keys = { entry: this.keys.entry(symbol, id), lock: this.keys.lock(symbol, id) };
    const token = randomBytes(12).toString('base64url');
    let waitingSince: number | undefined;
    const waited = () => {
      if (waitingSince !== undefined) {
        this.observer.lockWaitDuration((performance.now() - waitingSince) / 1000);
      }
    };
    for (;;) {
      // Registered before looking, so a wake-up between the look and the wait is not lost.
      const waiter = this.notifier.expect(symbol, id);
      const started = performance.now();
      const reply = await this.link.run('lock', () =>
        acquireOrRead(this.redis, keys, token, this.settings.lockTtlMs),
      );
      if (reply === FAILED) {
        waiter.cancel();
        return this.computeThrough(request);
      }
      this.observer.lockAcquireDuration((performance.now() - started) / 1000);
      if (reply.kind !== 'locked') {
        waiter.cancel();
        waited();
        if (reply.kind === 'acquired') return this.computeAsOwner(request, token);
        const landed = request.decode(reply.value);
        // An entry this version cannot read (the key scheme should prevent it): compute here.
        return landed ? { frame: landed, computed: false } : this.computeThrough(request);
      }
      waitingSince ??= started;
      const remaining = this.settings.maxWaitMs - (performance.now() - waitingSince);
      if (remaining <= 0) {
        waiter.cancel();
        waited();
        this.observer.error('wait');
        return this.computeThrough(request);
      }
      const wake = await waiter.wait(Math.min(reply.pttlMs + LOCK_EXPIRY_SLACK_MS, remaining));
      if (wake.kind === 'failed') {
        waited();
        throw new FeatureComputeError(wake.message);
      }
    }
  }

  /** Fail open: Redis could not help, so compute here and answer. Nothing is written. */
  async computeThrough(
    request: Pick<ColdRequest, 'frame' | 'config' | 'compute'>,
  ): Promise<Outcome> {
    return { frame: await this.timedCompute(request), computed: true };
  }

  private async computeAsOwner(request: ColdRequest, token: string): Promise<Outcome> {
    const { symbol, id } = request;
    const lock = this.keys.lock(symbol, id);
    const { lockTtlMs } = this.settings;
    const extender = setInterval(
      () => void this.link.run('lock', () => extendLock(this.redis, lock, token, lockTtlMs)),
      Math.max(1, Math.floor(lockTtlMs / 3)),
    );
    extender.unref();
    let features: FeatureFrame;
    let value: Buffer;
    try {
      features = await this.timedCompute(request);
      value = encodeFeatures(features);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const message = Notifier.failedMessage(symbol, id, reason);
      await this.link.run('lock', () =>
        abandonLock(this.redis, lock, token, this.keys.channel, message),
      );
      throw error;
    } finally {
      clearInterval(extender);
    }
    await this.write(request, value, token);
    request.computed(features);
    return { frame: features, computed: true };
  }

  private async write(request: ColdRequest, value: Buffer, token: string): Promise<void> {
    const { symbol, id, frame } = request;
    const candles = frame.candles;
    const manifestValue = formatManifestEntry({
      bytes: value.byteLength,
      firstTimestamp: candles.length > 0 ? candles[0].timestamp : 0,
      lastTimestamp: candles.length > 0 ? candles[candles.length - 1].timestamp : 0,
      createdAt: Date.now(),
    });
    const keys = {
      entry: this.keys.entry(symbol, id),
      manifest: this.keys.manifest(symbol),
      lock: this.keys.lock(symbol, id),
    };
    const started = performance.now();
    const written = await this.link.run('write', () =>
      storeEntry(this.redis, keys, {
        value,
        retentionMs: this.settings.retentionMs,
        id,
        manifestValue,
        token,
        channel: this.keys.channel,
        message: Notifier.readyMessage(symbol, id),
      }),
    );
    if (written === FAILED) return;
    this.observer.writeDuration((performance.now() - started) / 1000);
    await this.manifest.register(symbol);
  }

  private async timedCompute(
    request: Pick<ColdRequest, 'frame' | 'config' | 'compute'>,
  ): Promise<FeatureFrame> {
    const started = performance.now();
    const features = await request.compute(request.frame, request.config);
    this.observer.computeDuration((performance.now() - started) / 1000);
    return features;
  }
}
