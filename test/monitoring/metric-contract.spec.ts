import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MetricNames } from '@ffe/contracts';
import { RedisServer } from '@ffe/testing';
import request from 'supertest';
import { startTestApp, TEST_API_KEY, testConfig } from '../../apps/api/test/support/test-app';
import { parseExposition, serves, type Exposition } from './support/exposition';
import { sourceOf } from './support/known-metrics';
import { NOT_YET_SERVED } from './support/not-yet-served';
import { referencedMetrics } from './support/referenced-metrics';

/**
 * The contract between the app and its monitoring: every metric name that an alert, a recording
 * rule or a dashboard panel uses exists in what the app's /metrics serves after some traffic.
 * Exporter and Prometheus names are held against a live Prometheus in live-alerting.spec.ts.
 */
describe('metric contract: rules and panels against /metrics', () => {
  let app: NestFastifyApplication;
  let redis: RedisServer;
  let exposition: Exposition;

  beforeAll(async () => {
    // A Redis of its own: the traffic below may start the bot, whose state lives in Redis.
    redis = await RedisServer.start();
    app = await startTestApp(testConfig({ REDIS_URL: redis.url }));
    await driveTraffic(app);
    const metrics = await request(app.getHttpServer()).get('/metrics');
    expect(metrics.status).toBe(200);
    exposition = parseExposition(metrics.text);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  const appReferences = referencedMetrics().filter((ref) => sourceOf(ref.name) === 'app');

  it('every app metric a rule or panel uses is served (except the listed, not yet served)', () => {
    const missing = appReferences
      .filter((ref) => !serves(exposition, ref.name) && !NOT_YET_SERVED.includes(ref.name))
      .map((ref) => `${ref.name} (used by ${ref.usedBy.join('; ')})`);
    expect(missing).toEqual([]);
  });

  it('the names listed as not yet served are still missing (shrink the list when they land)', () => {
    expect(NOT_YET_SERVED.filter((name) => serves(exposition, name))).toEqual([]);
  });

  it('every name of the shared contract is used by a rule or a panel', () => {
    const used = new Set(appReferences.map((ref) => ref.name.replace(/_(bucket|sum|count)$/, '')));
    const unused = Object.values(MetricNames).filter((name) => !used.has(name));
    expect(unused).toEqual([]);
  });

  it('the traffic gave decisions and the feature store samples, not just declarations', () => {
    for (const name of [
      'ffe_decision_latency_seconds_count',
      'ffe_provider_requests_total',
      'featurestore_misses_total',
      'ffe_agent_state',
    ]) {
      expect({ name, sampled: exposition.samples.has(name) }).toEqual({ name, sampled: true });
    }
  });

  it('a name nobody serves is reported missing (the check can fail)', () => {
    expect(serves(exposition, 'featurestore_no_such_metric_total')).toBe(false);
    expect(serves(exposition, 'process_cpu_seconds_total')).toBe(true);
  });
});

/** A decision (providers, feature store), a warm, and the bot started and stopped. */
async function driveTraffic(app: NestFastifyApplication): Promise<void> {
  const server = app.getHttpServer();
  const api = (method: 'get' | 'post', path: string, body?: object) =>
    request(server)[method](path).set('X-API-Key', TEST_API_KEY).send(body);
  expect((await api('post', '/api/v1/decisions', { asset_pair: 'BTCUSD' })).status).toBe(201);
  expect((await api('post', '/api/v1/features/warm', { symbols: ['BTCUSD'] })).status).toBeLessThan(
    300,
  );
  expect(
    (await api('post', '/api/v1/bot/start', { asset_pairs: ['BTCUSD'], dry_run: true })).status,
  ).toBe(200);
  expect((await api('get', '/api/v1/bot/status')).status).toBe(200);
  expect((await api('post', '/api/v1/bot/stop')).status).toBe(200);
}
