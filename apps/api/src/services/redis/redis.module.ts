import {
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { assertCredentialsAccepted } from './redis-auth-check';
import { closeRedisClient, createRedisClient, type RedisClient } from './redis-client.factory';
import { REDIS_QUEUE, REDIS_STATE } from './redis.tokens';

/** How long the start waits to learn whether Redis accepts our password. */
const AUTH_CHECK_MS = 3_000;

@Global()
@Module({
  providers: [
    {
      provide: REDIS_STATE,
      inject: [APP_CONFIG],
      // Offline queue off: while Redis is down a command fails at once instead of piling up,
      // so callers can fail open (feature store) or answer 503 (readiness).
      useFactory: (config: AppConfig) =>
        createRedisClient(config.redis, 'ffe-api:state', {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
        }),
    },
    {
      provide: REDIS_QUEUE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        createRedisClient(config.redis, 'ffe-api:queue', { maxRetriesPerRequest: null }),
    },
  ],
  exports: [REDIS_STATE, REDIS_QUEUE],
})
export class RedisModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS_STATE) private readonly state: RedisClient,
    @Inject(REDIS_QUEUE) private readonly queue: RedisClient,
  ) {}

  // A refused password stops the start (one line naming REDIS_PASSWORD); a Redis that is
  // merely down does not, so the wait is bounded.
  async onModuleInit(): Promise<void> {
    await assertCredentialsAccepted(this.state, AUTH_CHECK_MS);
  }

  // Runs after every module's destroy hooks, so workers have drained before Redis goes.
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([closeRedisClient(this.state), closeRedisClient(this.queue)]);
  }
}
