import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisServer, waitFor } from '@ffe/testing';
import request from 'supertest';
import { startTestApp, testConfig } from './support/test-app';

/** Health follows a real Redis outage: killed with SIGKILL, then started again on its port. */
describe('health states across a Redis outage', () => {
  let redis: RedisServer;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    redis = await RedisServer.start();
    app = await startTestApp(testConfig({ REDIS_URL: redis.url, READINESS_TIMEOUT_MS: '300' }));
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  const get = (path: string) => request(app.getHttpServer()).get(path);
  const gauge = async (component: string) => {
    const text = (await get('/metrics')).text;
    const match = text.match(
      new RegExp(`^featurestore_health_check_status\\{component="${component}"\\} (\\S+)$`, 'm'),
    );
    return match ? Number(match[1]) : undefined;
  };

  it('starts healthy', async () => {
    await get('/ready').expect(200);
    const health = await get('/health').expect(200);
    expect(health.body).toMatchObject({
      status: 'healthy',
      components: { redis: { status: 'healthy' } },
    });
    expect(await gauge('redis')).toBe(1);
  });

  it('is not ready, but alive, while Redis is down', async () => {
    await redis.kill('SIGKILL');
    await waitFor(async () => (await get('/ready')).status === 503, {
      what: '/ready to answer 503',
    });
    await get('/live').expect(200);
    const health = await get('/health').expect(503);
    expect(health.body).toMatchObject({
      status: 'unhealthy',
      components: { redis: { status: 'unhealthy' } },
    });
    expect(await gauge('redis')).toBe(0);
  });

  it('recovers by itself when Redis is back', async () => {
    await redis.resume();
    await waitFor(async () => (await get('/ready')).status === 200, {
      timeoutMs: 15_000,
      what: '/ready to recover',
    });
    await waitFor(async () => (await get('/health')).body.status === 'healthy', {
      what: '/health to recover',
    });
    expect(await gauge('redis')).toBe(1);
  });
});
