import { WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { RedisClient } from '../redis/redis-client.factory';
import { REDIS_QUEUE } from '../redis/redis.tokens';

/**
 * Closes the queue workers before @nestjs/bullmq does, choosing how. With Redis reachable a
 * worker closes gracefully: its active job finishes and is marked done. With Redis gone that
 * graceful close never returns (BullMQ waits for a disconnect event a reconnecting client
 * never sends), so shutdown would always run into its timeout; the worker is closed at once
 * instead. Nothing is lost: the job it held keeps its lock in Redis, the lock expires, and
 * another replica (or this one, restarted) re-runs it with the same id, which repeats nothing.
 */
@Injectable()
export class WorkerShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerShutdown.name);

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(REDIS_QUEUE) private readonly connection: RedisClient,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const force = this.connection.status !== 'ready';
    const workers = this.workers();
    if (force && workers.length > 0) {
      this.logger.warn(
        { workers: workers.map((worker) => worker.name) },
        'Redis unreachable at shutdown; closing queue workers without waiting for their jobs',
      );
    }
    // Later close() calls (@nestjs/bullmq's) get this same closing promise.
    await Promise.all(workers.map((worker) => worker.close(force)));
  }

  private workers() {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .map((host) => host.worker)
      .filter((worker) => worker !== undefined);
  }
}
