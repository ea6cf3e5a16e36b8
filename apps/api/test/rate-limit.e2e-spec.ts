import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisServer, waitFor } from '@ffe/testing';
import request from 'supertest';
import { loopbackPort, sendRaw } from './support/raw-http';
import { startTestApp, testConfig, TEST_API_KEY } from './support/test-app';

/** Two replicas on one Redis: the limit is the service's, not one per replica. */
describe('rate limiting on /api/v1', () => {
  let redis: RedisServer;
  let replicas: NestFastifyApplication[];
  const health = (app: NestFastifyApplication) =>
    request(app.getHttpServer()).get('/api/v1/monitoring/health').set('X-API-Key', TEST_API_KEY);

  beforeAll(async () => {
    redis = await RedisServer.start();
    const config = () => testConfig({ REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: '3' });
    replicas = [await startTestApp(config()), await startTestApp(config())];
  });
  afterAll(async () => {
    for (const app of replicas ?? []) await app.close();
    await redis.stop();
  });

  it('answers 429 past the limit counted over every replica, also to requests without a key', async () => {
    const [a, b] = replicas;
    await health(a).expect(200);
    await health(b).expect(200);
    await health(a).expect(200);
    const limited = await health(b).expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
    await request(a.getHttpServer()).get('/api/v1/monitoring/health').expect(429);
  });

  it('counts every spelling of a route against that route: percent-encoded, absolute form', async () => {
    const port = await loopbackPort(replicas[0]);
    const targets = [
      '/%61pi/v1/features/stats',
      'http://x/api/v1/features/stats',
      '/api/v1/%66eatures/stats',
    ];
    const statuses = [];
    for (const target of [...targets, '/%61%70%69/v1/features/stats']) {
      statuses.push((await sendRaw(port, { method: 'GET', target })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('never throttles probes and scrapes', async () => {
    for (let i = 0; i < 10; i++) {
      await request(replicas[0].getHttpServer()).get('/ready').expect(200);
      await request(replicas[0].getHttpServer()).get('/metrics').expect(200);
    }
  });

  it('lets requests through uncounted while Redis is down: the routes answer, no 429, no 500', async () => {
    await redis.kill('SIGKILL');
    try {
      for (let i = 0; i < 5; i++) {
        const response = await request(replicas[1].getHttpServer())
          .get('/api/v1/bot/status')
          .set('X-API-Key', TEST_API_KEY);
        // The route itself needs Redis: a retryable 503 (the limiter did not answer for it).
        expect(response.status).toBe(503);
      }
    } finally {
      await redis.resume();
    }
    for (const app of replicas) {
      await waitFor(async () => (await request(app.getHttpServer()).get('/ready')).status === 200, {
        what: 'the replica to see Redis back',
      });
    }
  });
});
