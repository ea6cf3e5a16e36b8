import type { CandleFrame, FeatureFrame } from '@ffe/domain';
import {
  noopObserver,
  RedisFeatureStore,
  syntheticCandles,
  syntheticFeatures,
  type FeatureStoreObserver,
} from '@ffe/feature-store';
import type Redis from 'ioredis';
import { collectDefaultMetrics, register } from 'prom-client';
import { FeatureStoreMetrics } from '../../apps/api/src/app/feature-store/feature-store.metrics';
import { interleaved, timeBatch, timeEach } from '../lib/measure';

const CONFIG = Object.freeze({ version: 1, sma: Object.freeze([10, 20]), rsi: 14 });
const HOUR_MS = 3_600_000;

export function openStore(
  redis: Redis,
  keyPrefix: string,
  options: { l1MaxBytes?: number; observer?: FeatureStoreObserver } = {},
): Promise<RedisFeatureStore> {
  const store = new RedisFeatureStore({ redis, keyPrefix, retentionMs: HOUR_MS, ...options });
  return store.start().then(() => store);
}

/** Raw GET of the same bytes an L2 hit reads (the floor), interleaved with the store's L2 hit. */
export async function l2Hit(redis: Redis, frame: CandleFrame, n: number) {
  const store = await openStore(redis, 'bench-l2');
  const compute = async (f: CandleFrame) => syntheticFeatures(f);
  await store.getOrCompute('BTCUSD', frame, CONFIG, compute);
  const [key] = await redis.keys('bench-l2:{BTCUSD}:e:*');
  const [floor, hit] = await interleaved(
    n,
    () => redis.getBuffer(key),
    () => store.getOrCompute('BTCUSD', frame, CONFIG, compute),
  );
  await store.close();
  return { floor, hit, bytes: (await redis.getBuffer(key))!.byteLength };
}

export async function l1Hit(redis: Redis, frame: CandleFrame, n: number) {
  const store = await openStore(redis, 'bench-l1', { l1MaxBytes: 64 * 1024 * 1024 });
  const compute = async (f: CandleFrame) => syntheticFeatures(f);
  await store.getOrCompute('BTCUSD', frame, CONFIG, compute);
  const samples = await timeEach(n, () => store.getOrCompute('BTCUSD', frame, CONFIG, compute));
  await store.close();
  return samples;
}

/** A cold key every call: read, lock, compute, write; beside the compute alone. */
export async function missAndCompute(redis: Redis, n: number) {
  const store = await openStore(redis, 'bench-miss');
  const frames = Array.from({ length: 2 * n + 200 }, (_, i) =>
    syntheticCandles('ETHUSD', 500, i + 1),
  );
  const compute = async (f: CandleFrame) => syntheticFeatures(f);
  const miss = await timeEach(
    n,
    (i) => store.getOrCompute('ETHUSD', frames[i], CONFIG, compute),
    100,
  );
  const alone = await timeEach(n, (i) => compute(frames[n + 100 + i]), 100);
  await store.close();
  return { miss, alone };
}

/** What an L2 hit costs in metric hooks (hit + read histogram), prom-client against no-op. */
export function metricsCost(n: number) {
  const metrics = new FeatureStoreMetrics();
  const symbols = Array.from({ length: 10 }, (_, i) => `SYM${i}`);
  const prom = timeBatch(n, (i) => {
    metrics.hit(symbols[i % 10]);
    metrics.readDuration(0.0002);
  });
  const noop = timeBatch(n, (i) => {
    noopObserver.hit(symbols[i % 10]);
    noopObserver.readDuration(0.0002);
  });
  register.clear();
  return { prom, noop };
}

/**
 * One replica computes (a 5 ms compute), another waits for the same key. The overhead is the
 * time from the owner's compute returning to the waiter holding the result: encode, write,
 * publish, wake-up, read, decode.
 */
export async function waiterOverhead(redis: Redis, peer: Redis, n: number) {
  let lockSeen: (() => void) | undefined;
  const owner = await openStore(redis, 'bench-wait', {
    observer: { ...noopObserver, lockAcquireDuration: () => lockSeen?.() },
  });
  const waiter = await openStore(peer, 'bench-wait', {
    observer: { ...noopObserver, lockAcquireDuration: () => lockSeen?.() },
  });
  const samples: number[] = [];
  for (let i = 0; i < n + 20; i++) {
    const frame = syntheticCandles('SOLUSD', 500, 10_000 + i);
    let computedAt = 0n;
    const compute = async (f: CandleFrame): Promise<FeatureFrame> => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const features = syntheticFeatures(f);
      computedAt = process.hrtime.bigint();
      return features;
    };
    const ownerLocked = new Promise<void>((resolve) => (lockSeen = resolve));
    const owned = owner.getOrCompute('SOLUSD', frame, CONFIG, compute);
    await ownerLocked;
    const waiterLocked = new Promise<void>((resolve) => (lockSeen = resolve));
    const waited = waiter
      .getOrCompute('SOLUSD', frame, CONFIG, compute)
      .then(() => process.hrtime.bigint());
    await waiterLocked;
    lockSeen = undefined;
    const [, doneAt] = await Promise.all([owned, waited]);
    if (i >= 20) samples.push(Number(doneAt - computedAt) / 1_000);
  }
  await Promise.all([owner.close(), waiter.close()]);
  return samples;
}

/** GET /metrics's work (register.metrics()) with 500 symbols carrying hits and misses. */
export async function scrape(n: number) {
  collectDefaultMetrics();
  const metrics = new FeatureStoreMetrics();
  for (let s = 0; s < 500; s++) {
    const symbol = `S${String(s).padStart(3, '0')}USD`;
    metrics.hit(symbol);
    metrics.miss(symbol);
  }
  for (let i = 0; i < 10_000; i++) {
    metrics.readDuration(Math.random() / 1_000);
    metrics.writeDuration(Math.random() / 500);
    metrics.computeDuration(Math.random() / 50);
  }
  const bytes = (await register.metrics()).length;
  const samples = await timeEach(n, () => register.metrics(), 20);
  register.clear();
  return { samples, bytes };
}
