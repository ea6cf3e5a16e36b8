import { Inject, Injectable } from '@nestjs/common';
import { ConflictError } from '@ffe/domain';
import {
  noopObserver,
  RedisFeatureStore,
  syntheticCandles,
  syntheticFeatures,
  type FeatureStoreObserver,
} from '@ffe/feature-store';
import type { CandleFrame } from '@ffe/domain';
import type { RedisClient } from '../../services/redis/redis-client.factory';
import { REDIS_STATE } from '../../services/redis/redis.tokens';

/** Its own key space, short-lived: a load test never touches or counts real cache entries. */
export const LOAD_TEST_PREFIX = 'fs-loadtest';
const LOAD_TEST_RETENTION_MS = 10 * 60_000;
/** Distinct frames per run: the first touch of each is a miss, later ones hit. */
const FRAME_POOL = 64;
const MAX_SAMPLES = 200_000;

export interface LoadTestRequest {
  workers: number;
  durationSeconds: number;
  symbol: string;
}

/**
 * POST /api/v1/monitoring/test/load: `workers` concurrent loops of getOrCompute on the real
 * Redis for `duration` seconds, against a separate key space and without the app's metrics.
 * One run at a time; its keys are removed at the end.
 */
@Injectable()
export class LoadTestService {
  private running = false;

  constructor(@Inject(REDIS_STATE) private readonly redis: RedisClient) {}

  async run(request: LoadTestRequest) {
    if (this.running) {
      throw new ConflictError(
        'LOAD_TEST.RUNNING',
        'a load test is already running; try again when it ends',
      );
    }
    this.running = true;
    const errors = { count: 0 };
    const observer: FeatureStoreObserver = { ...noopObserver, error: () => errors.count++ };
    const store = new RedisFeatureStore({
      redis: this.redis,
      keyPrefix: LOAD_TEST_PREFIX,
      retentionMs: LOAD_TEST_RETENTION_MS,
      observer,
    });
    try {
      await store.start();
      const frames = Array.from({ length: FRAME_POOL }, (_, i) =>
        syntheticCandles(request.symbol, 500, i + 1),
      );
      const result = await this.drive(store, frames, request);
      return { ...result, redis_errors: errors.count };
    } finally {
      await store.invalidate(request.symbol).catch(() => undefined);
      await store.close();
      this.running = false;
    }
  }

  private async drive(store: RedisFeatureStore, frames: CandleFrame[], request: LoadTestRequest) {
    const samples = new Reservoir(MAX_SAMPLES);
    let computes = 0;
    let failures = 0;
    const compute = async (frame: CandleFrame) => {
      computes++;
      return syntheticFeatures(frame);
    };
    const started = performance.now();
    const deadline = started + request.durationSeconds * 1000;
    const worker = async (offset: number) => {
      for (let i = offset; performance.now() < deadline; i += 7) {
        const frame = frames[i % frames.length];
        const t0 = performance.now();
        try {
          await store.getOrCompute(request.symbol, frame, {}, compute);
          samples.add(performance.now() - t0);
        } catch {
          failures++;
        }
      }
    };
    await Promise.all(Array.from({ length: request.workers }, (_, w) => worker(w)));
    const elapsed = (performance.now() - started) / 1000;
    const operations = samples.seen;
    return {
      workers: request.workers,
      duration_seconds: round(elapsed),
      symbol: request.symbol,
      operations,
      ops_per_second: round(operations / elapsed),
      computes,
      hit_ratio: operations === 0 ? null : round((operations - computes) / operations, 4),
      failures,
      latency_ms: samples.percentiles(),
    };
  }
}

/** A bounded uniform sample of latencies (reservoir sampling), for percentiles of long runs. */
class Reservoir {
  private readonly values: Float64Array;
  seen = 0;

  constructor(private readonly capacity: number) {
    this.values = new Float64Array(capacity);
  }

  add(value: number): void {
    const slot =
      this.seen < this.capacity ? this.seen : Math.floor(Math.random() * (this.seen + 1));
    if (slot < this.capacity) this.values[slot] = value;
    this.seen++;
  }

  percentiles() {
    const sorted = this.values.slice(0, Math.min(this.seen, this.capacity)).sort();
    const at = (q: number) =>
      sorted.length === 0
        ? null
        : round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))], 3);
    return {
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      max: sorted.length === 0 ? null : round(sorted[sorted.length - 1], 3),
    };
  }
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
