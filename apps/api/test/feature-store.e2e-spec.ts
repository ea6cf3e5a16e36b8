import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JobNames, QueueNames } from '@ffe/contracts';
import type { CandleFrame, FeatureStore } from '@ffe/domain';
import { syntheticCandles, syntheticFeatures } from '@ffe/feature-store';
import { RedisServer, waitFor } from '@ffe/testing';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { FEATURE_STORE } from '../src/app/feature-store/feature-store.tokens';
import { FeatureWarmingRegistry } from '../src/app/feature-store/feature-warming.registry';
import { startTestApp, testConfig, TEST_API_KEY } from './support/test-app';

const compute = async (frame: CandleFrame) => syntheticFeatures(frame);

describe('feature store through the app: stats, warming, SLO, load test, Redis outage', () => {
  let server: RedisServer;
  let app: NestFastifyApplication;
  let store: FeatureStore;
  const api = () => request(app.getHttpServer());
  const get = (path: string) => api().get(path).set('X-API-Key', TEST_API_KEY);
  const post = (path: string, body: object) =>
    api().post(path).set('X-API-Key', TEST_API_KEY).send(body);
  const metric = async (line: RegExp) => {
    const text = (await api().get('/metrics').expect(200)).text;
    const found = text.split('\n').find((l) => line.test(l));
    return found === undefined ? undefined : Number(found.split(' ').pop());
  };

  beforeAll(async () => {
    // A server of its own: this suite kills it, and its warming queue must be its own.
    server = await RedisServer.start();
    app = await startTestApp(testConfig({ REDIS_URL: server.url }));
    store = app.get<FeatureStore>(FEATURE_STORE);
  });
  afterAll(async () => {
    await app.close();
    await server.stop();
  });

  it('counts hits and misses per symbol in /features/stats and /metrics', async () => {
    const btc = syntheticCandles('BTCUSD');
    await store.getOrCompute('BTCUSD', btc, { v: 1 }, compute);
    await store.getOrCompute('BTCUSD', syntheticCandles('BTCUSD'), { v: 1 }, compute);
    await store.getOrCompute('BTCUSD', btc, { v: 1 }, compute);
    await store.getOrCompute('ETHUSD', syntheticCandles('ETHUSD'), { v: 1 }, compute);

    const res = await get('/api/v1/features/stats').expect(200);
    const bySymbol = Object.fromEntries(
      res.body.symbols.map((s: { symbol: string }) => [s.symbol, s]),
    );
    expect(bySymbol.BTCUSD).toMatchObject({ entries: 1, hits: 2, misses: 1 });
    expect(bySymbol.BTCUSD.hit_ratio).toBeCloseTo(2 / 3);
    expect(bySymbol.BTCUSD.bytes).toBeGreaterThan(500 * 13 * 8);
    expect(bySymbol.BTCUSD.first_bar_at).toBe(new Date(btc.candles[0].timestamp).toISOString());
    expect(bySymbol.ETHUSD).toMatchObject({ entries: 1, hits: 0, misses: 1, hit_ratio: 0 });
    expect(res.body.totals).toMatchObject({ entries: 2, hits: 2, misses: 2, hit_ratio: 0.5 });

    expect(await metric(/^featurestore_hits_total\{symbol="BTCUSD"\}/)).toBe(2);
    expect(await metric(/^featurestore_misses_total\{symbol="ETHUSD"\}/)).toBe(1);
    expect(await metric(/^featurestore_hit_ratio /)).toBeCloseTo(0.5);
    // The repeated BTCUSD requests were L1 hits: only the two misses read Redis.
    expect(await metric(/^featurestore_read_duration_seconds_count /)).toBe(2);
    expect(await metric(/^featurestore_write_duration_seconds_count /)).toBe(2);
    expect(await metric(/^featurestore_compute_duration_seconds_count /)).toBe(2);
    expect(await metric(/^featurestore_errors_total\{op="read"\}/)).toBe(0);
  });

  it('judges the SLOs from the live histograms and recommends what to do', async () => {
    const slo = (await get('/api/v1/monitoring/slo').expect(200)).body;
    expect(slo.slos.hit_ratio).toMatchObject({
      current: 0.5,
      threshold: 0.95,
      compliant: false,
      samples: 4,
    });
    expect(slo.slos.read_p95_ms).toMatchObject({ threshold: 2, samples: 2 });
    expect(slo.slos.read_p95_ms.current).toBeGreaterThan(0);
    expect(slo.slos.write_p95_ms).toMatchObject({ threshold: 5, samples: 2 });
    expect(slo.slos.lock_wait_p95_ms).toMatchObject({
      current: null,
      threshold: 10,
      compliant: true,
    });
    expect(slo.compliant).toBe(false);

    const perf = (await get('/api/v1/monitoring/performance').expect(200)).body;
    expect(perf.requests).toMatchObject({ total: 4, hits: 2, misses: 2, hit_ratio: 0.5 });
    expect(perf.latency_ms.compute.count).toBe(2);
    expect(perf.health.status).toBe('healthy');
    expect(perf.recommendations.join('\n')).toMatch(
      /Hit ratio 50.0 % is below the 95.0 % SLO.*ETHUSD|BTCUSD/,
    );
  });

  it('warms through the queue: deterministic job ids, a repeated request adds nothing, not a hit or miss', async () => {
    // A symbol no market knows, so only this test's source plans anything for it.
    const held: (() => void)[] = [];
    let computes = 0;
    app.get(FeatureWarmingRegistry).register({
      symbolsToWarm: async () => [],
      warmPlans: async (symbol) => [
        {
          frame: syntheticCandles(symbol, 500, 99),
          config: { v: 1 },
          compute: async (frame) => {
            computes++;
            await new Promise<void>((resolve) => held.push(resolve));
            return syntheticFeatures(frame);
          },
        },
      ],
    });
    try {
      const first = await post('/api/v1/features/warm', { symbols: ['WARMTEST'] }).expect(202);
      expect(first.body).toEqual({ queued: [{ symbol: 'WARMTEST', job_id: 'warm-WARMTEST' }] });
      await waitFor(() => held.length === 1, { what: 'the warm job to start computing' });
      await post('/api/v1/features/warm', { symbols: ['WARMTEST'] }).expect(202);
      await post('/api/v1/features/warm', { symbols: ['WARMTEST'] }).expect(202);
      const queue = app.get<Queue>(getQueueToken(QueueNames.featureWarming));
      // The queue also holds the next `warm-next-cycle` tick (delayed): count requested warms.
      const pending = await queue.getJobs(['waiting', 'active', 'delayed']);
      const states = await Promise.all(
        pending.filter((j) => j.name === JobNames.warmSymbol).map((j) => j.getState()),
      );
      expect(states).toEqual(['active']);
    } finally {
      held.forEach((release) => release()); // a held job would hold up app.close()
    }
    await waitFor(
      async () => (await metric(/^featurestore_warm_total\{result="computed"\}/)) === 1,
    );
    expect(computes).toBe(1);
    expect(await metric(/^featurestore_hits_total\{symbol="WARMTEST"\}/)).toBeUndefined();
    expect(await metric(/^featurestore_misses_total\{symbol="WARMTEST"\}/)).toBeUndefined();
  });

  it.each([
    ['no symbols', {}],
    ['an empty list', { symbols: [] }],
    ['a symbol with a space', { symbols: ['BTC USD'] }],
    ['a repeated symbol', { symbols: ['BTCUSD', 'BTCUSD'] }],
    ['101 symbols', { symbols: Array.from({ length: 101 }, (_, i) => `S${i}`) }],
  ])('refuses a warm request with %s: a 400 naming symbols', async (_, body) => {
    const res = await post('/api/v1/features/warm', body).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain('symbols');
  });

  it.each([
    [{ workers: 17, duration_seconds: 1 }, 'workers'],
    [{ workers: 0, duration_seconds: 1 }, 'workers'],
    [{ workers: 2, duration_seconds: 31 }, 'duration_seconds'],
    [{ workers: 2 }, 'duration_seconds'],
    [{ workers: 2, duration_seconds: 1, symbol: 'A:B' }, 'symbol'],
  ])('refuses load-test body %j with a 400 naming %s', async (body, field) => {
    const res = await post('/api/v1/monitoring/test/load', body).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('runs a bounded load test in its own key space and leaves the real metrics alone', async () => {
    const before = await metric(/^featurestore_read_duration_seconds_count /);
    // Two at once: one runs, the other is refused while it does (whichever came first).
    const answers = await Promise.all([
      post('/api/v1/monitoring/test/load', { workers: 4, duration_seconds: 1 }),
      post('/api/v1/monitoring/test/load', { workers: 4, duration_seconds: 1 }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const res = answers.find((a) => a.status === 200)!;
    expect(res.body).toMatchObject({
      workers: 4,
      symbol: 'LOADTEST',
      failures: 0,
    });
    // Redis is healthy: at most a stray timeout on a loaded machine, never the run's norm.
    expect(res.body.redis_errors).toBeLessThan(res.body.operations / 10);
    // More reads than computes: most were served from the cache (no throughput asserted).
    expect(res.body.operations).toBeGreaterThan(res.body.computes);
    expect(res.body.ops_per_second).toBeGreaterThan(0);
    expect(res.body.computes).toBeLessThanOrEqual(64);
    expect(res.body.latency_ms.p50).toBeGreaterThan(0);
    expect(res.body.latency_ms.p99).toBeGreaterThanOrEqual(res.body.latency_ms.p50);
    expect(await metric(/^featurestore_read_duration_seconds_count /)).toBe(before);
    expect(await metric(/^featurestore_hits_total\{symbol="LOADTEST"\}/)).toBeUndefined();
    const stats = (await get('/api/v1/features/stats').expect(200)).body;
    expect(stats.symbols.map((s: { symbol: string }) => s.symbol)).not.toContain('LOADTEST');
  });

  it('keeps answering while Redis is down, shows feature_store degraded, then recovers', async () => {
    await server.kill('SIGKILL');
    const frame = syntheticCandles('EURUSD', 300, 5);
    const features = await store.getOrCompute('EURUSD', frame, { v: 1 }, compute);
    expect(features.columns.rsi_14).toEqual(syntheticFeatures(frame).columns.rsi_14);
    const health = await api().get('/health');
    expect(health.body.components.feature_store.status).toBe('degraded');
    expect(health.body.components.feature_store.detail).toMatch(/computing through/);
    expect(await metric(/^featurestore_errors_total\{op="read"\}/)).toBeGreaterThan(0);
    expect(await metric(/^featurestore_health_check_status\{component="feature_store"\}/)).toBe(
      0.5,
    );
    await get('/api/v1/features/stats').expect(503);

    await server.resume();
    await waitFor(
      async () => (await api().get('/health')).body.components?.feature_store?.status === 'healthy',
      { what: 'feature_store to be healthy again' },
    );
    await store.getOrCompute('EURUSD', frame, { v: 1 }, compute);
    const misses = await metric(/^featurestore_misses_total\{symbol="EURUSD"\}/);
    await store.getOrCompute('EURUSD', frame, { v: 1 }, compute);
    expect(await metric(/^featurestore_misses_total\{symbol="EURUSD"\}/)).toBe(misses);
  });
});
