import type { DynamicModule } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { RedisClient } from '../redis/redis-client.factory';
import { REDIS_STATE } from '../redis/redis.tokens';
import { SharedThrottlerStorage } from './shared-throttler-storage';

/** The `/api/v1/*` rate limit, per client and minute, counted across replicas in Redis. */
export function rateLimitModule(limitPerMinute: number): DynamicModule {
  return ThrottlerModule.forRootAsync({
    inject: [REDIS_STATE],
    useFactory: (redis: RedisClient) => ({
      throttlers: [{ ttl: 60_000, limit: limitPerMinute }],
      storage: new SharedThrottlerStorage(redis),
    }),
  });
}
