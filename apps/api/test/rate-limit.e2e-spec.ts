import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { startTestApp, testConfig, TEST_API_KEY } from './support/test-app';

describe('rate limiting on /api/v1', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startTestApp(testConfig({ RATE_LIMIT_PER_MINUTE: '3' }));
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers 429 past the limit, also to requests without a key', async () => {
    const server = app.getHttpServer();
    for (let i = 0; i < 3; i++) {
      await request(server)
        .get('/api/v1/monitoring/health')
        .set('X-API-Key', TEST_API_KEY)
        .expect(200);
    }
    const limited = await request(server)
      .get('/api/v1/monitoring/health')
      .set('X-API-Key', TEST_API_KEY)
      .expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
    await request(server).get('/api/v1/monitoring/health').expect(429);
  });

  it('never throttles probes and scrapes', async () => {
    for (let i = 0; i < 10; i++) {
      await request(app.getHttpServer()).get('/ready').expect(200);
      await request(app.getHttpServer()).get('/metrics').expect(200);
    }
  });
});
