import { HealthStatus, type ComponentHealth, type FeatureStoreWarmResult } from '@ffe/contracts';
import type {
  CandleFrame,
  ComputeFeatures,
  FeatureConfig,
  FeatureFrame,
  FeatureStore,
} from '@ffe/domain';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { CrossReplicaCompute, type Outcome } from './cross-replica-compute';
import { decodeFeatures, featureBytes } from './feature-codec';
import { entryId } from './feature-key';
import { noopObserver, type FeatureStoreObserver } from './feature-store.observer';
import type { RedisClient } from './lua-scripts';
import { Manifest, type SymbolFeatureStats } from './manifest';
import { Notifier } from './notifier';
import { RedisKeys } from './redis-keys';
import { FAILED, RedisLink } from './redis-link';

export interface RedisFeatureStoreOptions {
  /** The app's state connection; the store never closes it. */
  redis: RedisClient;
  /** For pub/sub wake-ups; by default a duplicate of `redis` that the store owns and closes. */
  subscriber?: RedisClient;
  /** Key prefix; a separate prefix is a separate key space (the load test uses one). */
  keyPrefix?: string;
  /** TTL of every cache key (FEATURE_CACHE_RETENTION_DAYS). */
  retentionMs: number;
  /** Bound of the in-process LRU in front of Redis, in bytes; 0 turns it off. */
  l1MaxBytes?: number;
  /** Bound on every Redis operation; past it the store computes through. */
  opTimeoutMs?: number;
  /** After a Redis failure, how long to compute through without trying Redis. */
  cooldownMs?: number;
  /** Lock TTL: how long a crashed owner can hold a key up. Extended every third of it. */
  lockTtlMs?: number;
  /** Longest a request waits for another replica's compute before computing itself. */
  maxWaitMs?: number;
  /** How often hit/miss tallies are flushed to Redis (and manifests swept every 60 flushes). */
  flushIntervalMs?: number;
  observer?: FeatureStoreObserver;
}

const SWEEP_EVERY_FLUSHES = 60;

/** One request's inputs and where it lives in L1 (`cacheKey`) and Redis (`symbol`, `id`). */
interface Lookup {
  symbol: string;
  id: string;
  cacheKey: string;
  frame: CandleFrame;
  config: FeatureConfig;
  compute: ComputeFeatures;
}

/**
 * FeatureStore on Redis: content-addressed entries (L2) behind an optional in-process LRU
 * (L1), one compute per key across replicas, and fail-open on every Redis problem.
 *
 * Accounting: a request is a miss exactly when it ran `compute`; everything else (L1, L2,
 * joining another request's compute, here or on another replica) is a hit. So misses summed
 * over replicas equal computations. A warm is neither; it counts in `warm`.
 *
 * Returned frames may be shared with other callers (L1): treat them as read-only.
 */
export class RedisFeatureStore implements FeatureStore {
  private readonly redis: RedisClient;
  private readonly subscriber: RedisClient;
  private readonly ownsSubscriber: boolean;
  private readonly keys: RedisKeys;
  private readonly link: RedisLink;
  private readonly notifier: Notifier;
  private readonly manifest: Manifest;
  private readonly l1: LRUCache<string, FeatureFrame> | undefined;
  private readonly flights = new Map<string, Promise<Outcome>>();
  private readonly observer: FeatureStoreObserver;
  private readonly coldPath: CrossReplicaCompute;
  private readonly flushIntervalMs: number;
  private maintenance: NodeJS.Timeout | undefined;
  private flushes = 0;

  constructor(options: RedisFeatureStoreOptions) {
    this.redis = options.redis;
    this.ownsSubscriber = options.subscriber === undefined;
    this.subscriber = options.subscriber ?? duplicateForSubscribe(options.redis);
    this.keys = new RedisKeys(options.keyPrefix ?? 'fs');
    this.observer = options.observer ?? noopObserver;
    this.flushIntervalMs = options.flushIntervalMs ?? 5_000;
    this.link = new RedisLink(
      options.opTimeoutMs ?? 100,
      options.cooldownMs ?? 1_000,
      this.observer,
    );
    this.manifest = new Manifest(this.redis, this.keys, this.link, options.retentionMs);
    this.notifier = new Notifier(this.subscriber, this.keys.channel, (symbol) =>
      this.dropFromL1(symbol),
    );
    this.coldPath = new CrossReplicaCompute(
      this.redis,
      this.keys,
      this.link,
      this.notifier,
      this.manifest,
      this.observer,
      {
        lockTtlMs: options.lockTtlMs ?? 5_000,
        maxWaitMs: options.maxWaitMs ?? 30_000,
        retentionMs: options.retentionMs,
      },
    );
    const l1MaxBytes = options.l1MaxBytes ?? 0;
    this.l1 =
      l1MaxBytes > 0
        ? new LRUCache<string, FeatureFrame>({
            maxSize: l1MaxBytes,
            maxEntrySize: Math.max(1, Math.floor(l1MaxBytes / 4)),
            sizeCalculation: (frame, key) => featureBytes(frame) + 2 * key.length,
          })
        : undefined;
  }

  /** Subscribes for wake-ups and starts the background flush; call once before use. */
  async start(): Promise<void> {
    await this.notifier.start();
    this.maintenance = setInterval(() => void this.maintain(), this.flushIntervalMs);
    this.maintenance.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.maintenance);
    await this.manifest.flush();
    if (this.ownsSubscriber) this.subscriber.disconnect();
  }

  async getOrCompute(
    symbol: string,
    frame: CandleFrame,
    config: FeatureConfig,
    compute: ComputeFeatures,
  ): Promise<FeatureFrame> {
    const id = entryId(symbol, frame, config);
    const cacheKey = `${symbol}|${id}`;
    const cached = this.l1?.get(cacheKey);
    if (cached !== undefined) {
      this.count(symbol, false);
      return cached;
    }
    const outcome = await this.flight({ symbol, id, cacheKey, frame, config, compute });
    this.count(symbol, outcome.computed);
    return outcome.frame;
  }

  /** Precomputes an entry (a warming job): counted as a warm, never as a hit or a miss. */
  async warm(
    symbol: string,
    frame: CandleFrame,
    config: FeatureConfig,
    compute: ComputeFeatures,
  ): Promise<FeatureStoreWarmResult> {
    let result: FeatureStoreWarmResult = 'failed';
    try {
      const id = entryId(symbol, frame, config);
      const cacheKey = `${symbol}|${id}`;
      if (this.l1?.has(cacheKey)) return (result = 'cached');
      const outcome = await this.flight({ symbol, id, cacheKey, frame, config, compute });
      if (outcome.computed) this.manifest.tally(symbol, 'warms');
      return (result = outcome.computed ? 'computed' : 'cached');
    } finally {
      this.observer.warm(result);
    }
  }

  /** Drops every entry of a symbol here and on every replica's L1; returns how many. */
  async invalidate(symbol: string): Promise<number> {
    this.dropFromL1(symbol);
    const removed = await this.manifest.invalidate(symbol);
    await this.link.run('invalidate', () =>
      this.redis.publish(this.keys.channel, Notifier.invalidatedMessage(symbol)),
    );
    return removed;
  }

  stats(): Promise<SymbolFeatureStats[]> {
    return this.manifest.stats();
  }

  l1Stats(): { entries: number; bytes: number; maxBytes: number } {
    return {
      entries: this.l1?.size ?? 0,
      bytes: this.l1?.calculatedSize ?? 0,
      maxBytes: this.l1?.maxSize ?? 0,
    };
  }

  /** healthy, or degraded while Redis is unreachable (requests are computed through). */
  async health(): Promise<ComponentHealth> {
    const started = performance.now();
    const pong = await this.link.probe(() => this.redis.ping());
    if (pong === FAILED) {
      return {
        status: HealthStatus.degraded,
        detail: `Redis unreachable (${this.link.problem}); computing through`,
      };
    }
    const ms = (performance.now() - started).toFixed(1);
    if (!this.notifier.listening) {
      return {
        status: HealthStatus.degraded,
        detail: `PING ${ms} ms; wake-up subscription down, waiters re-check every 50 ms`,
      };
    }
    return { status: HealthStatus.healthy, detail: `PING ${ms} ms` };
  }

  private count(symbol: string, computed: boolean): void {
    if (computed) {
      this.observer.miss(symbol);
      this.manifest.tally(symbol, 'misses');
    } else {
      this.observer.hit(symbol);
      this.manifest.tally(symbol, 'hits');
    }
  }

  /** In-process single-flight: concurrent calls for one key share one load. */
  private flight(lookup: Lookup): Promise<Outcome> {
    const inFlight = this.flights.get(lookup.cacheKey);
    if (inFlight) return inFlight.then((outcome) => ({ frame: outcome.frame, computed: false }));
    const loading = this.load(lookup).finally(() => this.flights.delete(lookup.cacheKey));
    this.flights.set(lookup.cacheKey, loading);
    return loading;
  }

  private async load(lookup: Lookup): Promise<Outcome> {
    const { symbol, id, cacheKey } = lookup;
    const started = performance.now();
    const value = await this.link.run('read', () =>
      this.redis.getBuffer(this.keys.entry(symbol, id)),
    );
    if (value === FAILED) return this.coldPath.computeThrough(lookup);
    this.observer.readDuration((performance.now() - started) / 1000);
    const landed = value && this.decode(cacheKey, value);
    if (landed) return { frame: landed, computed: false };
    return this.coldPath.run({
      ...lookup,
      decode: (found) => this.decode(cacheKey, found),
      computed: (features) => this.l1?.set(cacheKey, features),
    });
  }

  private decode(cacheKey: string, value: Buffer): FeatureFrame | undefined {
    try {
      const frame = decodeFeatures(value);
      this.l1?.set(cacheKey, frame);
      return frame;
    } catch {
      return undefined; // written by an incompatible version: recompute and overwrite
    }
  }

  private dropFromL1(symbol: string): void {
    if (!this.l1) return;
    const prefix = `${symbol}|`;
    for (const key of [...this.l1.keys()]) if (key.startsWith(prefix)) this.l1.delete(key);
  }

  private async maintain(): Promise<void> {
    await this.manifest.flush();
    if (++this.flushes % SWEEP_EVERY_FLUSHES === 0) await this.manifest.sweep();
  }
}

function duplicateForSubscribe(client: RedisClient): RedisClient {
  // The subscriber keeps an offline queue: SUBSCRIBE waits for a connection instead of failing.
  if ('isCluster' in client && client.isCluster) {
    return client.duplicate(undefined, { enableOfflineQueue: true }).on('error', () => undefined);
  }
  const redis = client as Redis;
  const subscriber = redis.duplicate({
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    connectionName: `${redis.options.connectionName ?? 'ffe'}:features-sub`,
  });
  // Its outage is the main connection's, which is counted and reported; without a listener
  // ioredis would print every reconnect attempt to stderr, unstructured.
  subscriber.on('error', () => undefined);
  return subscriber;
}
