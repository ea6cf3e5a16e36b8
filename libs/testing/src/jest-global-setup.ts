import { RedisServer } from './redis-server';

/**
 * Starts one redis-server for the whole Jest run and hands its URL to every worker through
 * FFE_TEST_REDIS_URL. Every project lists this setup, so it is idempotent: the first start wins.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.FFE_TEST_REDIS_URL) return;
  const server = await RedisServer.start();
  (globalThis as { __ffeTestRedis?: RedisServer }).__ffeTestRedis = server;
  process.env.FFE_TEST_REDIS_URL = server.url;
}
