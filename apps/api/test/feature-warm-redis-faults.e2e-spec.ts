import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisServer, waitFor } from '@ffe/testing';
import Redis from 'ioredis';
import request from 'supertest';
import { QUEUE_ADD_TIMEOUT_MS } from '../src/services/queue/queue.constants';
import { startTestApp, testConfig, TEST_API_KEY } from './support/test-app';

/** A client that gives up well after the bound: a hang shows as this timeout, not a pass. */
const CLIENT_TIMEOUT_MS = QUEUE_ADD_TIMEOUT_MS + 5_000;

/** POST /features/warm when Redis is gone or full: a bounded 503 that says why. */
describe('warming with Redis down or full', () => {
  let server: RedisServer;
  let admin: Redis;
  let app: NestFastifyApplication;
  // A symbol per call: an add of a job that exists writes nothing, so it would pass when full.
  let calls = 0;
  const warm = () =>
    request(app.getHttpServer())
      .post('/api/v1/features/warm')
      .set('X-API-Key', TEST_API_KEY)
      .send({ symbols: [`WARM${(calls += 1)}`] })
      .timeout(CLIENT_TIMEOUT_MS);

  beforeAll(async () => {
    // Small and never evicting, so the suite can fill it.
    server = await RedisServer.start({
      args: ['--maxmemory', '8mb', '--maxmemory-policy', 'noeviction'],
    });
    admin = new Redis(server.url);
    app = await startTestApp(testConfig({ REDIS_URL: server.url }));
  });
  afterAll(async () => {
    await app?.close();
    admin?.disconnect();
    await server?.stop();
  });

  it('answers 202 while Redis is healthy', async () => {
    expect((await warm()).status).toBe(202);
  });

  it('Redis down: 503 QUEUE.UNAVAILABLE within the bound, then 202 once it is back', async () => {
    await server.kill();
    try {
      const started = Date.now();
      const response = await warm();
      const elapsed = Date.now() - started;
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({
        code: 'QUEUE.UNAVAILABLE',
        message: expect.stringMatching(/did not answer within \d+ ms/),
      });
      expect(elapsed).toBeLessThan(QUEUE_ADD_TIMEOUT_MS + 1_500);
    } finally {
      await server.resume();
    }
    await waitFor(async () => (await warm()).status === 202, {
      timeoutMs: 20_000,
      what: 'warming to work again after Redis is back',
    });
  }, 30_000);

  it('Redis out of memory: 503 STATE.FULL saying so, then 202 once memory is freed', async () => {
    // Big values first, then small ones: a big SET is refused while a small write still fits.
    let filled = 0;
    for (const size of [256 * 1024, 4 * 1024, 64]) {
      for (let refused = false; !refused;) {
        refused = await admin.set(`filler:${filled}`, 'x'.repeat(size)).then(
          () => false,
          (error: Error) => /^OOM/.test(error.message),
        );
        if (!refused) filled += 1;
        if (filled > 10_000) throw new Error('Redis did not fill up: is maxmemory set?');
      }
    }
    try {
      const response = await warm();
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({
        code: 'STATE.FULL',
        message: expect.stringMatching(/out of memory/),
      });
    } finally {
      for (let i = 0; i < filled; i += 1) await admin.del(`filler:${i}`);
    }
    expect((await warm()).status).toBe(202);
  });
});
