import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import type { RedisClient } from '../redis/redis-client.factory';
import { REDIS_QUEUE } from '../redis/redis.tokens';
import { QUEUE_PREFIX } from './queue.constants';

/**
 * BullMQ on its own Redis connection. Feature modules register their queues with
 * BullModule.registerQueue; @nestjs/bullmq closes workers (letting active jobs finish) when
 * the app closes, before RedisModule drops the connections.
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [REDIS_QUEUE],
      useFactory: (connection: RedisClient) => ({ connection, prefix: QUEUE_PREFIX }),
    }),
  ],
})
export class QueueModule {}
