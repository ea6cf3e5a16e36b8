import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { TEST_API_KEY } from './test-app';

/** A fast market for tests: one-second bars, one cycle a second, a fixed seed. */
export function tradingEnv(redisUrl: string, extra: Record<string, string> = {}) {
  return {
    REDIS_URL: redisUrl,
    DECISION_INTERVAL_SECONDS: '1',
    TRADING_TIMEFRAME: '1s',
    SIMULATED_MARKET_SEED: '7',
    ...extra,
  };
}

/** Supertest with the API key set. */
export function api(app: NestFastifyApplication) {
  const server = app.getHttpServer();
  return {
    get: (path: string) => request(server).get(path).set('X-API-Key', TEST_API_KEY),
    post: (path: string, body?: object) =>
      request(server)
        .post(path)
        .set('X-API-Key', TEST_API_KEY)
        .send(body ?? {}),
    patch: (path: string, body: object) =>
      request(server).patch(path).set('X-API-Key', TEST_API_KEY).send(body),
  };
}
