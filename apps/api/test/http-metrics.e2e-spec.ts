import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { metricSample } from './support/metric-sample';
import { startTestApp, TEST_API_KEY, testConfig } from './support/test-app';

/**
 * RED metrics: every response counted by method, the route template Fastify matched and its
 * status class, and timed — with labels a client cannot multiply.
 */
describe('HTTP RED metrics on /metrics', () => {
  let app: NestFastifyApplication;
  const metrics = async () => (await request(app.getHttpServer()).get('/metrics')).text;

  beforeAll(async () => {
    app = await startTestApp(testConfig());
  });
  afterAll(async () => {
    await app?.close();
  });

  it('labels a request with its route template, not its path, and its status class', async () => {
    const server = app.getHttpServer();
    const id = '00000000-0000-0000-0000-000000000000';
    for (const path of [`/api/v1/bot/positions/${id}/close`, '/api/v1/bot/positions/x/close']) {
      await request(server).post(path).set('X-API-Key', TEST_API_KEY);
    }
    await request(server).get('/api/v1/bot/status').set('X-API-Key', TEST_API_KEY).expect(200);
    await request(server).get('/api/v1/bot/status').expect(401);
    const text = await metrics();
    const closes = ['4xx', '5xx', '2xx'].map(
      (status_class) =>
        metricSample(text, 'ffe_http_requests_total', {
          method: 'POST',
          route: '/api/v1/bot/positions/:id/close',
          status_class,
        }) ?? 0,
    );
    expect(closes.reduce((a, b) => a + b, 0)).toBe(2);
    expect(text).not.toContain(id);
    const status = (status_class: string) =>
      metricSample(text, 'ffe_http_requests_total', {
        method: 'GET',
        route: '/api/v1/bot/status',
        status_class,
      });
    expect([status('2xx'), status('4xx')]).toEqual([1, 1]);
    expect(
      metricSample(text, 'ffe_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/bot/status',
      }),
    ).toBe(2);
  });

  it('folds every unknown path into one route value and unusual methods into OTHER', async () => {
    const server = app.getHttpServer();
    for (let i = 0; i < 5; i++) await request(server).get(`/no/such/path/${i}`).expect(404);
    await request(server).get('/%61pi/v1/nothing-here').expect(404);
    await request(server).propfind('/api/v1/bot/status');
    const text = await metrics();
    expect(text).toMatch(
      /ffe_http_requests_total\{method="OTHER",route="_unmatched",status_class="4xx"\} 1/,
    );
    expect(
      metricSample(text, 'ffe_http_requests_total', {
        method: 'GET',
        route: '_unmatched',
        status_class: '4xx',
      }),
    ).toBe(6);
    expect(text).not.toContain('/no/such/path');
    expect(text).not.toContain('nothing-here');
  });
});
