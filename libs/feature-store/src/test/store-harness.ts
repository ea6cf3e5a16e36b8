import type { CandleFrame, FeatureFrame } from '@ffe/domain';
import { RedisServer } from '@ffe/testing';
import Redis from 'ioredis';
import { RedisFeatureStore, type RedisFeatureStoreOptions } from '../redis-feature-store';
import { computeFeatures } from './fixtures';
import { RecordingObserver } from './recording-observer';

/** Stores ("replicas") on their own connections to one test Redis, closed together. */
export class StoreHarness {
  private readonly opened: { store: RedisFeatureStore; redis: Redis }[] = [];

  constructor(private readonly url: string) {}

  async open(
    options: Partial<Omit<RedisFeatureStoreOptions, 'redis' | 'observer'>> = {},
  ): Promise<{ store: RedisFeatureStore; observer: RecordingObserver; redis: Redis }> {
    // Like the app's state connection: no offline queue, one retry.
    const redis = new Redis(this.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    await new Promise((resolve) => redis.once('ready', resolve));
    const observer = new RecordingObserver();
    const store = new RedisFeatureStore({ redis, observer, retentionMs: 3_600_000, ...options });
    await store.start();
    this.opened.push({ store, redis });
    return { store, observer, redis };
  }

  async closeAll(): Promise<void> {
    for (const { store, redis } of this.opened.splice(0)) {
      await store.close();
      redis.disconnect();
    }
  }
}

/** A compute function that counts its calls. */
export function countingCompute(): {
  calls: () => number;
  compute: (frame: CandleFrame) => Promise<FeatureFrame>;
} {
  let calls = 0;
  return {
    calls: () => calls,
    compute: async (frame) => {
      calls++;
      return computeFeatures(frame);
    },
  };
}

/** A promise with its resolve/reject outside, to hold a compute until the test lets it go. */
export function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

/**
 * The hooks of a suite whose stores share a redis-server of its own: started before, stores
 * closed after each test, stopped after all. `nextPrefix()` gives each test its own key space.
 */
export function storeSuite() {
  let server: RedisServer | undefined;
  let prefixes = 0;
  const suite = {
    admin: undefined as unknown as Redis,
    harness: undefined as unknown as StoreHarness,
    nextPrefix: () => `t${++prefixes}`,
  };
  beforeAll(async () => {
    server = await RedisServer.start();
    suite.admin = new Redis(server.url);
    suite.harness = new StoreHarness(server.url);
  });
  afterEach(() => suite.harness.closeAll());
  afterAll(async () => {
    suite.admin.disconnect();
    await server?.stop();
  });
  return suite;
}
