import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ProbeModule } from './support/probe.module';
import { startTestApp, testConfig, TEST_API_KEY } from './support/test-app';

describe('validation through the production pipe', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startTestApp(testConfig(), [ProbeModule]);
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (body: unknown) =>
    request(app.getHttpServer())
      .post('/api/v1/probe/order')
      .set('X-API-Key', TEST_API_KEY)
      .send(body as object);

  const valid = { action: 'BUY', size: 1.5, legs: [{ asset_pair: 'BTCUSD' }] };

  it('accepts a valid body and keeps its types', async () => {
    const res = await post(valid).expect(201);
    expect(res.body).toEqual({ accepted: valid, sizeType: 'number' });
  });

  it.each([
    [{ ...valid, action: 'HODL' }, 'action'],
    [{ ...valid, size: -1 }, 'size'],
    [{ ...valid, size: 'a lot' }, 'size'],
    [{ ...valid, legs: [] }, 'legs'],
    [{ ...valid, legs: [{ asset_pair: 42 }] }, 'legs.0.asset_pair'],
    [{ ...valid, surprise: true }, 'surprise'],
    [{ action: 'BUY', legs: valid.legs }, 'size'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const res = await post(body).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(res.body.message).toContain(field);
  });

  it('answers a JSON array or scalar body with a 4xx, never a 500', async () => {
    for (const body of ['[]', '"text"', '42', 'null']) {
      const res = await request(app.getHttpServer())
        .post('/api/v1/probe/order')
        .set('X-API-Key', TEST_API_KEY)
        .set('content-type', 'application/json')
        .send(body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('answers a non-JSON content type with 415 naming the body', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/probe/order')
      .set('X-API-Key', TEST_API_KEY)
      .set('content-type', 'application/xml')
      .send('<order/>')
      .expect(415);
    expect(res.body.fields[0].field).toBe('body');
  });
});
