import { waitFor } from '@ffe/testing';
import Redis from 'ioredis';
import { candleFrame, computeFeatures, FEATURE_CONFIG, fingerprint } from './test/fixtures';
import { countingCompute, gate, storeSuite } from './test/store-harness';

describe('RedisFeatureStore against a real Redis', () => {
  const suite = storeSuite();
  const nextPrefix = suite.nextPrefix;

  it('counts a miss, then hits, per symbol — and the stats say the same', async () => {
    const { store, observer } = await suite.harness.open({ keyPrefix: nextPrefix() });
    const { compute, calls } = countingCompute();
    const btc = candleFrame('BTCUSD', 500, 1);
    const eth = candleFrame('ETHUSD', 500, 2);

    const first = await store.getOrCompute('BTCUSD', btc, FEATURE_CONFIG, compute);
    const again = await store.getOrCompute('BTCUSD', btc, FEATURE_CONFIG, compute);
    await store.getOrCompute('BTCUSD', btc, FEATURE_CONFIG, compute);
    await store.getOrCompute('ETHUSD', eth, FEATURE_CONFIG, compute);

    expect(calls()).toBe(2);
    expect(fingerprint(again)).toBe(fingerprint(first));
    expect(Object.fromEntries(observer.hits)).toEqual({ BTCUSD: 2 });
    expect(Object.fromEntries(observer.misses)).toEqual({ BTCUSD: 1, ETHUSD: 1 });
    const stats = await store.stats();
    expect(stats.map((s) => [s.symbol, s.entries, s.hits, s.misses])).toEqual([
      ['BTCUSD', 1, 2, 1],
      ['ETHUSD', 1, 0, 1],
    ]);
    expect(stats[0].hitRatio).toBeCloseTo(2 / 3);
    expect(stats[0].bytes).toBeGreaterThan(500 * 13 * 8);
    expect(stats[0].firstBarAt).toBe(btc.candles[0].timestamp);
    expect(stats[0].lastBarAt).toBe(btc.candles[499].timestamp);
  });

  it('serves identical data from another replica as a hit; one changed candle is a miss', async () => {
    const keyPrefix = nextPrefix();
    const writer = await suite.harness.open({ keyPrefix });
    const reader = await suite.harness.open({ keyPrefix });
    await writer.store.getOrCompute(
      'BTCUSD',
      candleFrame('BTCUSD'),
      FEATURE_CONFIG,
      computeFeature,
    );

    const { compute, calls } = countingCompute();
    const same = candleFrame('BTCUSD'); // a new object with the same data
    const result = await reader.store.getOrCompute('BTCUSD', same, FEATURE_CONFIG, compute);
    expect(calls()).toBe(0);
    expect(fingerprint(result)).toBe(fingerprint(computeFeatures(same)));

    const changed = candleFrame('BTCUSD');
    changed.candles[250] = { ...changed.candles[250], close: changed.candles[250].close + 0.01 };
    const recomputed = await reader.store.getOrCompute('BTCUSD', changed, FEATURE_CONFIG, compute);
    expect(calls()).toBe(1);
    expect(fingerprint(recomputed)).toBe(fingerprint(computeFeatures(changed)));
    expect(reader.observer.hits.get('BTCUSD')).toBe(1);
    expect(reader.observer.misses.get('BTCUSD')).toBe(1);
  });

  it('keys configs by content: key order does not matter, a value does', async () => {
    const { store } = await suite.harness.open({ keyPrefix: nextPrefix() });
    const { compute, calls } = countingCompute();
    const frame = candleFrame('ETHUSD');
    await store.getOrCompute('ETHUSD', frame, { a: 1, nested: { x: [1, 2], y: 'z' } }, compute);
    await store.getOrCompute('ETHUSD', frame, { nested: { y: 'z', x: [1, 2] }, a: 1 }, compute);
    expect(calls()).toBe(1);
    await store.getOrCompute('ETHUSD', frame, { nested: { y: 'z', x: [2, 1] }, a: 1 }, compute);
    expect(calls()).toBe(2);
  });

  it('serves repeated reads from L1 without going to Redis', async () => {
    const keyPrefix = nextPrefix();
    const { store } = await suite.harness.open({ keyPrefix, l1MaxBytes: 8 * 1024 * 1024 });
    const { compute, calls } = countingCompute();
    const frame = candleFrame('SOLUSD');
    await store.getOrCompute('SOLUSD', frame, FEATURE_CONFIG, compute);
    // Gone from Redis: only L1 can still answer without computing.
    await suite.admin.del(await suite.admin.keys(`${keyPrefix}:{SOLUSD}:e:*`));
    await store.getOrCompute('SOLUSD', candleFrame('SOLUSD'), FEATURE_CONFIG, compute);
    expect(calls()).toBe(1);
    expect(store.l1Stats().entries).toBe(1);
    expect(store.l1Stats().bytes).toBeGreaterThan(500 * 13 * 8);
  });

  it('invalidates a symbol everywhere: entries, manifest and other replicas’ L1', async () => {
    const keyPrefix = nextPrefix();
    const a = await suite.harness.open({ keyPrefix, l1MaxBytes: 8 * 1024 * 1024 });
    const b = await suite.harness.open({ keyPrefix, l1MaxBytes: 8 * 1024 * 1024 });
    for (const seed of [1, 2, 3]) {
      await a.store.getOrCompute(
        'BTCUSD',
        candleFrame('BTCUSD', 100, seed),
        FEATURE_CONFIG,
        computeFeature,
      );
    }
    await b.store.getOrCompute(
      'BTCUSD',
      candleFrame('BTCUSD', 100, 1),
      FEATURE_CONFIG,
      computeFeature,
    );
    await a.store.getOrCompute(
      'ETHUSD',
      candleFrame('ETHUSD', 100, 1),
      FEATURE_CONFIG,
      computeFeature,
    );
    expect(b.store.l1Stats().entries).toBe(1);

    expect(await a.store.invalidate('BTCUSD')).toBe(3);
    expect(await suite.admin.keys(`${keyPrefix}:{BTCUSD}:e:*`)).toEqual([]);
    await waitFor(() => b.store.l1Stats().entries === 0, { what: 'the other replica to drop L1' });
    const stats = await a.store.stats();
    expect(stats.find((s) => s.symbol === 'BTCUSD')?.entries).toBe(0);
    expect(stats.find((s) => s.symbol === 'ETHUSD')?.entries).toBe(1);
    const { compute, calls } = countingCompute();
    await b.store.getOrCompute('BTCUSD', candleFrame('BTCUSD', 100, 1), FEATURE_CONFIG, compute);
    expect(calls()).toBe(1);
  });

  it('counts a warm as a warm — not a hit, not a miss — and a later request hits it', async () => {
    const { store, observer } = await suite.harness.open({ keyPrefix: nextPrefix() });
    const frame = candleFrame('EURUSD');
    expect(await store.warm('EURUSD', frame, FEATURE_CONFIG, computeFeature)).toBe('computed');
    expect(await store.warm('EURUSD', frame, FEATURE_CONFIG, computeFeature)).toBe('cached');
    await expect(
      store.warm('EURUSD', candleFrame('EURUSD', 10, 9), FEATURE_CONFIG, async () => {
        throw new Error('no data');
      }),
    ).rejects.toThrow('no data');
    expect(Object.fromEntries(observer.warms)).toEqual({ computed: 1, cached: 1, failed: 1 });
    expect(observer.hits.size + observer.misses.size).toBe(0);
    const { compute, calls } = countingCompute();
    await store.getOrCompute('EURUSD', candleFrame('EURUSD'), FEATURE_CONFIG, compute);
    expect(calls()).toBe(0);
    expect((await store.stats())[0]).toMatchObject({ warms: 1, hits: 1, misses: 0 });
  });

  it('puts the retention TTL on every cache key and leaves state keys alone', async () => {
    const keyPrefix = nextPrefix();
    const retentionMs = 2 * 24 * 3_600_000;
    const lockTtlMs = 5_000;
    const { store } = await suite.harness.open({ keyPrefix, retentionMs, lockTtlMs });
    // State written by the rest of the app: never given a TTL.
    await suite.admin.set(`${keyPrefix}-state:bot`, 'running');
    await suite.admin.hset(`${keyPrefix}-state:positions`, 'p-1', '{}');
    await suite.admin.xadd(`${keyPrefix}-state:ledger`, '*', 'trade', '1');

    for (const symbol of ['BTCUSD', 'ETHUSD', 'GBPUSD']) {
      await store.getOrCompute(symbol, candleFrame(symbol, 50), FEATURE_CONFIG, computeFeature);
      await store.getOrCompute(symbol, candleFrame(symbol, 50), FEATURE_CONFIG, computeFeature);
    }
    await store.warm('USDJPY', candleFrame('USDJPY', 50), FEATURE_CONFIG, computeFeature);
    await store.invalidate('GBPUSD');
    await store.stats(); // flushes the counters
    const held = gate();
    const holding = store.getOrCompute(
      'SOLUSD',
      candleFrame('SOLUSD', 50),
      FEATURE_CONFIG,
      async (f) => {
        await held.promise;
        return computeFeatures(f);
      },
    );
    await waitFor(async () => (await suite.admin.keys(`${keyPrefix}:*:l:*`)).length === 1);

    const ttls = await scanTtls(suite.admin);
    const cacheKeys = [...ttls.keys()].filter((key) => key.startsWith(`${keyPrefix}:`));
    const kinds = new Set(
      cacheKeys.map((key) => key.replace(/^[^:]+:(\{[^}]+\}:)?/, '').split(':')[0]),
    );
    expect(kinds).toEqual(new Set(['e', 'm', 'c', 'l', 'symbols']));
    for (const key of cacheKeys) {
      const ttl = ttls.get(key)!;
      const bound = key.includes(':l:') ? lockTtlMs : retentionMs;
      expect([key, ttl > 0 && ttl <= bound]).toEqual([key, true]);
    }
    for (const key of ['bot', 'positions', 'ledger']) {
      expect(ttls.get(`${keyPrefix}-state:${key}`)).toBe(-1);
    }
    held.open();
    await holding;
  });
});

const computeFeature = async (frame: Parameters<typeof computeFeatures>[0]) =>
  computeFeatures(frame);

async function scanTtls(redis: Redis): Promise<Map<string, number>> {
  const ttls = new Map<string, number>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) ttls.set(key, await redis.pttl(key));
  } while (cursor !== '0');
  return ttls;
}
