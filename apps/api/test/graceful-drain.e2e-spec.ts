import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisServer, waitFor } from '@ffe/testing';
import Redis from 'ioredis';
import request from 'supertest';
import { createShutdown } from '../src/bootstrap/graceful-shutdown';
import { LifecycleService } from '../src/services/lifecycle/lifecycle.service';
import { Gate, gate, ProbeModule } from './support/probe.module';
import { startTestApp, testConfig, TEST_API_KEY } from './support/test-app';

/** The same shutdown main.ts runs on SIGTERM, with a request in flight. */
describe('graceful drain', () => {
  let redis: RedisServer;
  let admin: Redis;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    redis = await RedisServer.start();
    admin = new Redis(redis.url);
    gate.current = new Gate();
    app = await startTestApp(testConfig({ REDIS_URL: redis.url }), [ProbeModule]);
  });
  afterAll(async () => {
    admin.disconnect();
    await redis.stop();
  });

  const ourConnections = async () =>
    String(await admin.call('CLIENT', 'LIST'))
      .split('\n')
      .filter((line) => / name=ffe-api:/.test(line)).length;

  it('turns unready at once, finishes the in-flight request, closes Redis, exits 0', async () => {
    expect(await ourConnections()).toBeGreaterThanOrEqual(2);
    const inFlight = request(app.getHttpServer())
      .get('/api/v1/probe/slow')
      .set('X-API-Key', TEST_API_KEY)
      .then((r) => r);
    await waitFor(() => gate.current.entered, { what: 'the slow request to arrive' });

    const exitCodes: number[] = [];
    const shutdown = createShutdown({
      app,
      lifecycle: app.get(LifecycleService),
      timeoutMs: 10_000,
      log: () => undefined,
      exit: (code) => exitCodes.push(code),
    });
    const draining = shutdown('SIGTERM');

    expect(app.get(LifecycleService).phase).toBe('stopping');
    expect(exitCodes).toEqual([]); // still waiting for the request
    gate.current.open();
    const response = await inFlight;
    await draining;

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ done: true });
    expect(exitCodes).toEqual([0]);
    await waitFor(async () => (await ourConnections()) === 0, {
      what: 'our Redis connections to close',
    });
  });
});
