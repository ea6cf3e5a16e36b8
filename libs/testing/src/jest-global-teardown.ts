import type { RedisServer } from './redis-server';

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __ffeTestRedis?: RedisServer };
  const server = holder.__ffeTestRedis;
  if (!server) return;
  holder.__ffeTestRedis = undefined;
  delete process.env.FFE_TEST_REDIS_URL;
  await server.stop();
}
