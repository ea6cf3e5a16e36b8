import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { MetricNames, QueueJobStates, QueueNames } from '@ffe/contracts';
import { Queue } from 'bullmq';
import { Gauge, register } from 'prom-client';
import type { RedisClient } from '../redis/redis-client.factory';
import { REDIS_STATE } from '../redis/redis.tokens';
import { QUEUE_PREFIX } from './queue.constants';

/** A scrape never waits longer than this on Redis for the counts. */
export const QUEUE_COUNTS_TIMEOUT_MS = 250;

/**
 * ffe_queue_jobs{queue,state}: every BullMQ queue's jobs waiting, active, delayed and failed,
 * read at scrape time (one small Lua call per queue). It is shared state — every replica reads
 * the same Redis — so rules and panels take max across replicas. On the state connection (no
 * offline queue: a Redis that is down fails the call at once) and bounded by a timeout, so a
 * down or slow Redis never slows /metrics or fails it: a queue it could not read keeps its last
 * value.
 */
@Injectable()
export class QueueDepthMetric implements OnModuleDestroy {
  private readonly queues: Queue[];

  constructor(@Inject(REDIS_STATE) connection: RedisClient) {
    this.queues = Object.values(QueueNames).map(
      (name) => new Queue(name, { connection, prefix: QUEUE_PREFIX }),
    );
    for (const queue of this.queues) queue.on('error', () => undefined);
    const read = (queue: Queue) => counts(queue);
    const queues = this.queues;
    register.removeSingleMetric(MetricNames.queueJobs);
    new Gauge({
      name: MetricNames.queueJobs,
      help: 'BullMQ jobs per queue and state (waiting, active, delayed, failed), read at scrape',
      labelNames: ['queue', 'state'],
      async collect() {
        const all = await Promise.all(queues.map(read));
        all.forEach((found, i) => {
          if (!found) return;
          for (const state of QueueJobStates) {
            this.set({ queue: queues[i].name, state }, found[state] ?? 0);
          }
        });
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    // The connection is shared: closing a queue leaves it to RedisModule.
    await Promise.all(this.queues.map((queue) => queue.close()));
  }
}

/** The queue's counts, or undefined when Redis did not answer within the bound. */
async function counts(queue: Queue): Promise<Record<string, number> | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, QUEUE_COUNTS_TIMEOUT_MS, undefined);
  });
  try {
    return await Promise.race([
      queue.getJobCounts(...QueueJobStates).catch(() => undefined),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
