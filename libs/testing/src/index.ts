export {
  RedisServer,
  freePort,
  portAcceptsConnections,
  type RedisServerOptions,
} from './redis-server';
export { waitFor } from './wait-for';
export { testRedisUrl, isolatedRedis } from './test-redis';
export { forkTs, tsNodeArgs } from './ts-process';
export { useRedis, type RedisFixture } from './use-redis';
