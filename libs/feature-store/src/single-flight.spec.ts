import { waitFor } from '@ffe/testing';
import { FeatureComputeError } from './cross-replica-compute';
import { candleFrame, computeFeatures, FEATURE_CONFIG, fingerprint } from './test/fixtures';
import { countingCompute, gate, storeSuite } from './test/store-harness';

describe('single-flight across replicas (stores on their own connections, real Redis)', () => {
  const suite = storeSuite();
  const nextPrefix = suite.nextPrefix;

  it('wakes a waiting replica when the value lands, long before the lock would expire', async () => {
    const keyPrefix = nextPrefix();
    const owner = await suite.harness.open({ keyPrefix, lockTtlMs: 10_000 });
    const waiter = await suite.harness.open({ keyPrefix, lockTtlMs: 10_000 });
    const release = gate();
    const frame = candleFrame('BTCUSD', 500, 3);
    const owned = owner.store.getOrCompute('BTCUSD', frame, FEATURE_CONFIG, async (f) => {
      await release.promise;
      return computeFeatures(f);
    });
    await waitFor(() => owner.observer.durations.lockAcquire.length === 1);
    const { compute, calls } = countingCompute();
    const waited = waiter.store.getOrCompute('BTCUSD', frame, FEATURE_CONFIG, compute);
    await waitFor(() => waiter.observer.durations.lockAcquire.length === 1);
    const releasedAt = performance.now();
    release.open();
    const [a, b] = await Promise.all([owned, waited]);

    // Not a speed target: only a wake-up on the value's notification can come before the
    // 10 s lock would expire and let the waiter take over; half of that tells them apart.
    expect(performance.now() - releasedAt).toBeLessThan(5_000);
    expect(calls()).toBe(0);
    expect(fingerprint(b)).toBe(fingerprint(a));
    expect(waiter.observer.hits.get('BTCUSD')).toBe(1);
    expect(waiter.observer.durations.lockWait).toHaveLength(1);
  });

  it('keeps the lock of a compute that outlives the lock TTL', async () => {
    const keyPrefix = nextPrefix();
    const owner = await suite.harness.open({ keyPrefix, lockTtlMs: 300 });
    const other = await suite.harness.open({ keyPrefix, lockTtlMs: 300 });
    const frame = candleFrame('BTCUSD', 500, 4);
    let computes = 0;
    const slow = async (f: typeof frame) => {
      computes++;
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      return computeFeatures(f);
    };
    const owned = owner.store.getOrCompute('BTCUSD', frame, FEATURE_CONFIG, slow);
    await waitFor(() => computes === 1);
    await other.store.getOrCompute('BTCUSD', frame, FEATURE_CONFIG, slow);
    await owned;
    expect(computes).toBe(1);
  });

  it('sends a compute error to every waiter, here and on other replicas, and releases the lock', async () => {
    const keyPrefix = nextPrefix();
    const owner = await suite.harness.open({ keyPrefix });
    const remote = await suite.harness.open({ keyPrefix });
    const frame = candleFrame('ETHUSD', 500, 5);
    const started = gate();
    const fail = gate();
    const failing = async () => {
      started.open();
      await fail.promise;
      throw new Error('indicator blew up');
    };
    const local = Array.from({ length: 5 }, () =>
      owner.store.getOrCompute('ETHUSD', frame, FEATURE_CONFIG, failing).catch((e: Error) => e),
    );
    await started.promise;
    const { compute, calls } = countingCompute();
    const others = Array.from({ length: 5 }, () =>
      remote.store.getOrCompute('ETHUSD', frame, FEATURE_CONFIG, compute).catch((e: Error) => e),
    );
    await waitFor(() => remote.observer.durations.lockAcquire.length === 1);
    fail.fail(new Error('indicator blew up'));

    for (const error of await Promise.all(local))
      expect(error).toEqual(new Error('indicator blew up'));
    for (const error of await Promise.all(others)) {
      expect(error).toBeInstanceOf(FeatureComputeError);
      expect((error as Error).message).toMatch(/indicator blew up/);
    }
    expect(calls()).toBe(0);
    expect(await suite.admin.keys(`${keyPrefix}:*:l:*`)).toEqual([]);
    // Nothing was cached: the next request computes, successfully.
    await remote.store.getOrCompute('ETHUSD', frame, FEATURE_CONFIG, compute);
    expect(calls()).toBe(1);
  });

  it('a request waits at most maxWaitMs for another replica, then computes itself', async () => {
    const keyPrefix = nextPrefix();
    const stuck = await suite.harness.open({ keyPrefix, lockTtlMs: 60_000 });
    const impatient = await suite.harness.open({ keyPrefix, lockTtlMs: 60_000, maxWaitMs: 200 });
    const frame = candleFrame('BTCUSD', 100, 11);
    const never = gate<never>();
    void stuck.store.getOrCompute('BTCUSD', frame, FEATURE_CONFIG, () => never.promise);
    await waitFor(() => stuck.observer.durations.lockAcquire.length === 1);
    const { compute, calls } = countingCompute();
    const result = await impatient.store.getOrCompute('BTCUSD', frame, FEATURE_CONFIG, compute);
    expect(calls()).toBe(1);
    expect(fingerprint(result)).toBe(fingerprint(computeFeatures(frame)));
    expect(impatient.observer.errors.get('wait')).toBe(1);
  });
});
