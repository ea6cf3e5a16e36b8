import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { startTestApp, testConfig, TEST_API_KEY } from './support/test-app';

describe('HTTP basics: auth, open routes, errors', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const api = '/api/v1/monitoring/health';

  it('answers 401 without a key, naming the header', async () => {
    const res = await request(app.getHttpServer()).get(api).expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
    expect(res.body.message).toMatch(/X-API-Key/);
  });

  it('answers 403 with a wrong key, also of another length', async () => {
    for (const key of ['wrong', `${TEST_API_KEY}x`, TEST_API_KEY.toUpperCase()]) {
      const res = await request(app.getHttpServer()).get(api).set('X-API-Key', key).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
  });

  it('lets the right key through', async () => {
    const res = await request(app.getHttpServer())
      .get(api)
      .set('X-API-Key', TEST_API_KEY)
      .expect(200);
    expect(res.body.status).toBe('healthy');
  });

  it.each(['/live', '/ready', '/health', '/metrics', '/docs-json'])(
    'serves %s without a key',
    async (path) => {
      await request(app.getHttpServer()).get(path).expect(200);
    },
  );

  it('answers an unparseable JSON body with a 400 naming the body', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/monitoring/health')
      .set('X-API-Key', TEST_API_KEY)
      .set('content-type', 'application/json')
      .send('{"asset_pair": ')
      .expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field: 'body' })]);
  });

  it('answers an oversized body with a 413, not a 500', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/monitoring/health')
      .set('X-API-Key', TEST_API_KEY)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }))
      .expect(413);
    expect(res.body.fields).toEqual([expect.objectContaining({ field: 'body' })]);
  });

  it('answers an unknown route with a 404 in the error shape', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/v1/nope')
      .set('X-API-Key', TEST_API_KEY)
      .expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });
});

describe('auth explicitly disabled', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startTestApp(testConfig({ FFE_API_KEY: '', FFE_AUTH_DISABLED: 'true' }));
  });
  afterAll(async () => {
    await app.close();
  });

  it('serves /api/v1 without a key', async () => {
    await request(app.getHttpServer()).get('/api/v1/monitoring/health').expect(200);
  });
});
