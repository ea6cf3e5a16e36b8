import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { RedisClient } from '../redis/redis-client.factory';
import { REDIS_QUEUE } from '../redis/redis.tokens';
import { QUEUE_PREFIX } from './queue.constants';
import { QueueDepthMetric } from './queue-depth.metric';
import { WorkerShutdown } from './worker-shutdown';

/**
 * BullMQ on its own Redis connection. Feature modules register their queues with
 * BullModule.registerQueue; @nestjs/bullmq closes workers (letting active jobs finish) when
 * the app closes, before RedisModule drops the connections; WorkerShutdown decides how first.
 */
@Module({
  imports: [
    DiscoveryModule,
    BullModule.forRootAsync({
      inject: [REDIS_QUEUE],
      useFactory: (connection: RedisClient) => ({ connection, prefix: QUEUE_PREFIX }),
    }),
  ],
  providers: [WorkerShutdown, QueueDepthMetric],
})
export class QueueModule {}
