import { HealthStatus } from '@ffe/contracts';
import { RedisServer, waitFor } from '@ffe/testing';
import Redis from 'ioredis';
import { candleFrame, computeFeatures, FEATURE_CONFIG, fingerprint } from './test/fixtures';
import { countingCompute, StoreHarness } from './test/store-harness';

describe('fail open: Redis down or hung', () => {
  let server: RedisServer;
  let harness: StoreHarness;

  beforeEach(async () => {
    server = await RedisServer.start();
    harness = new StoreHarness(server.url);
  });
  afterEach(async () => {
    await harness.closeAll();
    await server.stop();
  });

  it('keeps answering correctly while Redis is killed, reports degraded, and recovers by itself', async () => {
    const { store, observer } = await harness.open({ opTimeoutMs: 100, cooldownMs: 200 });
    const frames = [1, 2, 3].map((seed) => candleFrame('BTCUSD', 200, seed));
    const expected = frames.map((frame) => fingerprint(computeFeatures(frame)));
    const { compute, calls } = countingCompute();
    await store.getOrCompute('BTCUSD', frames[0], FEATURE_CONFIG, compute);
    expect((await store.health()).status).toBe(HealthStatus.healthy);

    await server.kill('SIGKILL');
    const started = performance.now();
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(
        frames.map((frame) => store.getOrCompute('BTCUSD', frame, FEATURE_CONFIG, compute)),
      );
      expect(results.map(fingerprint)).toEqual(expected);
    }
    expect(performance.now() - started).toBeLessThan(2_000); // no hanging on a dead server
    expect(observer.errors.get('read')).toBeGreaterThanOrEqual(15);
    const degraded = await store.health();
    expect(degraded.status).toBe(HealthStatus.degraded);
    expect(degraded.detail).toMatch(/computing through/);
    await expect(store.stats()).rejects.toMatchObject({ code: 'FEATURES.UNAVAILABLE' });

    await server.resume();
    await waitFor(async () => (await store.health()).status === HealthStatus.healthy, {
      what: 'the store to report healthy again',
    });
    // Caching works again: one compute, then a hit.
    const fresh = candleFrame('BTCUSD', 200, 42);
    const before = calls();
    await store.getOrCompute('BTCUSD', fresh, FEATURE_CONFIG, compute);
    await store.getOrCompute('BTCUSD', fresh, FEATURE_CONFIG, compute);
    expect(calls() - before).toBe(1);
  });

  it('computes through when Redis hangs, bounded by the operation timeout', async () => {
    const { store, observer } = await harness.open({ opTimeoutMs: 100, cooldownMs: 200 });
    const admin = new Redis(server.url);
    const frame = candleFrame('ETHUSD', 200, 1);
    await admin.call('CLIENT', 'PAUSE', '2000', 'ALL'); // every client hangs for 2 s
    const started = performance.now();
    const result = await store.getOrCompute('ETHUSD', frame, FEATURE_CONFIG, async (f) =>
      computeFeatures(f),
    );
    // Answered while Redis still hangs: the 100 ms operation bound let it compute through.
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(fingerprint(result)).toBe(fingerprint(computeFeatures(frame)));
    expect(observer.errors.get('read')).toBe(1);
    expect(observer.misses.get('ETHUSD')).toBe(1);
    expect((await store.health()).status).toBe(HealthStatus.degraded);
    await waitFor(async () => (await store.health()).status === HealthStatus.healthy);
    admin.disconnect();
  });
});
