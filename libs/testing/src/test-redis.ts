import Redis from 'ioredis';

/** The URL of the run's shared test Redis, started by the Jest global setup. */
export function testRedisUrl(): string {
  const url = process.env.FFE_TEST_REDIS_URL;
  if (!url) throw new Error('FFE_TEST_REDIS_URL is not set: run tests through Jest (npm test)');
  return url;
}

/**
 * A client on a database of its own (1..15, picked per test file), so that suites running in
 * parallel never see each other's keys. It flushes that database first.
 */
export async function isolatedRedis(db: number): Promise<{ client: Redis; url: string }> {
  if (db < 1 || db > 15) throw new Error('db must be 1..15 (0 is left for ad-hoc use)');
  const url = `${testRedisUrl()}/${db}`;
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  await client.flushdb();
  return { client, url };
}
