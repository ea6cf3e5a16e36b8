// The lib's own build sees only Node's types; these hooks are Jest's.
/// <reference types="jest" />
import Redis from 'ioredis';
import { RedisServer } from './redis-server';

/** What `useRedis` hands a suite: read through it inside hooks and tests, not at load time. */
export interface RedisFixture {
  readonly server: RedisServer;
  readonly redis: Redis;
  readonly url: string;
}

/**
 * A redis-server of the suite's own and a client on it, started before its tests and
 * stopped after them. The values exist once `beforeAll` has run, hence getters.
 */
export function useRedis(): RedisFixture {
  let server: RedisServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await RedisServer.start();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  return {
    get server() {
      return server;
    },
    get redis() {
      return redis;
    },
    get url() {
      return server.url;
    },
  };
}
