import { JobNames, QueueNames } from '@ffe/contracts';
import type { CallPermits } from '@ffe/market-data';
import { Queue, QueueEvents, Worker, type ConnectionOptions } from 'bullmq';
import { logQueueErrors } from '../queue/queue-errors';
import { QUEUE_PREFIX } from '../queue/queue.constants';

export interface CallPermitOptions {
  /** Calls the whole deployment may make per `durationMs`. */
  max: number;
  durationMs: number;
  /** How long one caller waits for a permit before giving up. */
  waitMs: number;
}

/**
 * A call budget shared by every replica: each call is a BullMQ job whose worker does nothing,
 * and the queue's rate limiter (kept in Redis) lets `max` of them finish per `durationMs`
 * across all workers. A caller waits for its job to finish; past `waitMs` it gives up.
 */
export class BullmqCallPermits implements CallPermits {
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly worker: Worker;

  constructor(
    connection: ConnectionOptions,
    private readonly options: CallPermitOptions,
    name: string = QueueNames.alphaVantageCalls,
  ) {
    const common = { connection, prefix: QUEUE_PREFIX };
    this.queue = new Queue(name, common);
    this.events = new QueueEvents(name, common);
    this.worker = new Worker(name, async () => undefined, {
      ...common,
      concurrency: options.max,
      limiter: { max: options.max, duration: options.durationMs },
    });
    logQueueErrors(this.queue, `${name} queue`);
    logQueueErrors(this.events, `${name} events`);
    logQueueErrors(this.worker, `${name} worker`);
  }

  async acquire(): Promise<void> {
    await this.events.waitUntilReady();
    const job = await this.queue.add(JobNames.callPermit, null, {
      removeOnComplete: true,
      removeOnFail: true,
    });
    try {
      await job.waitUntilFinished(this.events, this.options.waitMs);
    } catch (error) {
      // A permit that was never used must not spend the budget later.
      await job.remove().catch(() => undefined);
      throw new Error(`no call permit within ${this.options.waitMs} ms`, { cause: error });
    }
  }

  async close(): Promise<void> {
    await this.worker.close();
    await Promise.all([this.events.close(), this.queue.close()]);
  }
}
