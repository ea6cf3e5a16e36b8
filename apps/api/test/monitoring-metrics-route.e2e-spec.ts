import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MetricNames } from '@ffe/contracts';
import { Gauge, register } from 'prom-client';
import request from 'supertest';
import { startTestApp, TEST_API_KEY } from './support/test-app';

const ROUTE = '/api/v1/monitoring/metrics';

/** The family names an exposition declares (its `# TYPE` lines). */
function families(exposition: string): string[] {
  return [...exposition.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]).sort();
}

describe('GET /api/v1/monitoring/metrics', () => {
  let app: NestFastifyApplication;
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers 401 without a key and 403 with a wrong one', async () => {
    const missing = await request(server()).get(ROUTE).expect(401);
    expect(missing.body.code).toBe('UNAUTHORIZED');
    const wrong = await request(server()).get(ROUTE).set('X-API-Key', 'wrong').expect(403);
    expect(wrong.body.code).toBe('FORBIDDEN');
  });

  it('serves the Prometheus exposition with the key, in the content type of /metrics', async () => {
    const keyed = await request(server()).get(ROUTE).set('X-API-Key', TEST_API_KEY).expect(200);
    const open = await request(server()).get('/metrics').expect(200);
    expect(keyed.headers['content-type']).toBe(register.contentType);
    expect(keyed.headers['content-type']).toBe(open.headers['content-type']);
    expect(keyed.text).toMatch(
      new RegExp(`^# TYPE ${MetricNames.decisionLatencySeconds} histogram$`, 'm'),
    );
    expect(keyed.text).toMatch(/^# TYPE process_cpu_user_seconds_total counter$/m);
    expect(families(keyed.text)).toEqual(families(open.text));
  });

  it('is the same registry as /metrics: a value set in the process shows on both', async () => {
    const name = `ffe_e2e_probe_${randomUUID().replace(/-/g, '')}`;
    const probe = new Gauge({ name, help: 'set by this test only' });
    try {
      probe.set(41.5);
      const sample = new RegExp(`^${name} 41\\.5$`, 'm');
      const keyed = await request(server()).get(ROUTE).set('X-API-Key', TEST_API_KEY).expect(200);
      const open = await request(server()).get('/metrics').expect(200);
      expect(keyed.text).toMatch(sample);
      expect(open.text).toMatch(sample);
    } finally {
      register.removeSingleMetric(name);
    }
  });

  it('is documented in the OpenAPI document, under monitoring, as text', async () => {
    const docs = await request(server()).get('/docs-json').expect(200);
    const operation = docs.body.paths[ROUTE]?.get;
    expect(operation).toBeDefined();
    expect(operation.tags).toContain('monitoring');
    expect(Object.keys(operation.responses['200'].content)).toEqual([register.contentType]);
  });
});
