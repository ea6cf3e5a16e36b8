import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';
import type { RedisClient } from '../redis/redis-client.factory';

type ThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Request counts for the rate limit, kept in Redis so `RATE_LIMIT_PER_MINUTE` holds for the
 * service, not once per replica. The counting itself is the library's (one Lua script, keys
 * with a TTL, so they are evictable like the cache). It fails open: with Redis down or slow
 * past `timeoutMs` a request is let through uncounted, so an outage never turns every route
 * into a 500 or a hang — the routes that need Redis answer 503 themselves, and health, the
 * kill switch's status and the docs keep answering.
 */
export class SharedThrottlerStorage implements ThrottlerStorage {
  private readonly counter: ThrottlerStorageRedisService;

  constructor(
    redis: RedisClient,
    private readonly timeoutMs = 250,
  ) {
    this.counter = new ThrottlerStorageRedisService(redis as Redis);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerRecord> {
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.timeoutMs);
    });
    // A count that fails, or lands after we stopped waiting, lets the request through.
    const counted = this.counter
      .increment(key, ttl, limit, blockDuration, throttlerName)
      .catch(() => undefined);
    try {
      return (await Promise.race([counted, giveUp])) ?? uncounted(ttl);
    } finally {
      clearTimeout(timer);
    }
  }
}

function uncounted(ttl: number): ThrottlerRecord {
  return { totalHits: 0, timeToExpire: ttl, isBlocked: false, timeToBlockExpire: 0 };
}
