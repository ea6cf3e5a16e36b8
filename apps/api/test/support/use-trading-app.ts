import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisServer } from '@ffe/testing';
import Redis from 'ioredis';
import { startTestApp, testConfig } from './test-app';
import { tradingEnv } from './trading-env';

/** What `useTradingApp` hands a suite: read through it inside hooks and tests, not at load time. */
export interface TradingAppFixture {
  readonly app: NestFastifyApplication;
  readonly redis: RedisServer;
}

/** A client of the test's own on the app's Redis, to seed and inspect what the app keeps there. */
export interface TradingAppWithAdmin extends TradingAppFixture {
  readonly admin: Redis;
}

/**
 * The trading app on a redis-server of the suite's own (`tradingEnv` plus `env`), booted
 * before its tests and closed after them; with `{ admin: true }` also a client on that Redis.
 * The values exist once `beforeAll` has run, hence getters.
 */
export function useTradingApp(env?: Record<string, string>): TradingAppFixture;
export function useTradingApp(
  env: Record<string, string> | undefined,
  options: { admin: true },
): TradingAppWithAdmin;
export function useTradingApp(
  env: Record<string, string> = {},
  options: { admin?: boolean } = {},
): TradingAppFixture | TradingAppWithAdmin {
  let redis: RedisServer;
  let admin: Redis;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    redis = await RedisServer.start();
    if (options.admin) admin = new Redis(redis.url);
    app = await startTestApp(testConfig(tradingEnv(redis.url, env)));
  });
  afterAll(async () => {
    await app?.close();
    if (options.admin) admin.disconnect();
    await redis.stop();
  });

  return {
    get app() {
      return app;
    },
    get redis() {
      return redis;
    },
    get admin() {
      if (!options.admin) throw new Error('no admin client: ask for one with { admin: true }');
      return admin;
    },
  };
}
