/**
 * A replica in a child process, for the multi-process tests: the real RedisFeatureStore on its
 * own connections. It says `ready`, fires `concurrency` requests for one key on `go`, counts each
 * computation with INCR in Redis, and answers `done` with a fingerprint per result.
 * With `hang`, the computation never finishes (the test kills this process mid-compute).
 */
import Redis from 'ioredis';
import { noopObserver } from '../feature-store.observer';
import { RedisFeatureStore } from '../redis-feature-store';
import { candleFrame, computeFeatures, FEATURE_CONFIG, fingerprint } from './fixtures';

export interface WorkerOptions {
  url: string;
  prefix: string;
  symbol: string;
  seed: number;
  concurrency: number;
  computeMs: number;
  counterKey: string;
  lockTtlMs: number;
  hang?: boolean;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'computing' }
  | { type: 'lock-attempt' }
  | { type: 'done'; fingerprints: string[]; elapsedMs: number };

const options = JSON.parse(process.argv[2]) as WorkerOptions;
const send = (message: WorkerMessage) => process.send!(message);

async function main(): Promise<void> {
  // Like the app's state connection: no offline queue.
  const redis = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const counter = new Redis(options.url);
  await Promise.all([redis, counter].map((c) => new Promise((r) => c.once('ready', r))));
  const store = new RedisFeatureStore({
    redis,
    keyPrefix: options.prefix,
    retentionMs: 3_600_000,
    lockTtlMs: options.lockTtlMs,
    observer: { ...noopObserver, lockAcquireDuration: () => send({ type: 'lock-attempt' }) },
  });
  await store.start();
  const frame = candleFrame(options.symbol, 500, options.seed);
  const compute = async () => {
    await counter.incr(options.counterKey);
    send({ type: 'computing' });
    if (options.hang) await new Promise(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, options.computeMs));
    return computeFeatures(frame);
  };
  process.once('message', async () => {
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: options.concurrency }, () =>
        store.getOrCompute(options.symbol, frame, FEATURE_CONFIG, compute),
      ),
    );
    await store.close();
    redis.disconnect();
    counter.disconnect();
    const done: WorkerMessage = {
      type: 'done',
      fingerprints: results.map(fingerprint),
      elapsedMs: performance.now() - started,
    };
    process.send!(done, () => process.disconnect());
  });
  send({ type: 'ready' });
}

void main();
