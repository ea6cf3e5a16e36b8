import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JobNames, QueueNames } from '@ffe/contracts';
import type { Queue } from 'bullmq';
import { boundedQueueCall } from '../../services/queue/bounded-queue-call';
import { logQueueErrors } from '../../services/queue/queue-errors';
import type { WarmSymbolJob } from './feature-warming.processor';

/**
 * Enqueues warming. The job id is the symbol's, so a repeated request while one is waiting or
 * running adds nothing; finished jobs are removed, so the next request warms again.
 */
@Injectable()
export class FeatureWarmingService {
  constructor(
    @InjectQueue(QueueNames.featureWarming) private readonly queue: Queue<WarmSymbolJob>,
  ) {
    logQueueErrors(this.queue, 'feature-warming queue');
  }

  static jobId(symbol: string): string {
    return `warm-${symbol}`;
  }

  async enqueue(symbols: string[]): Promise<{ symbol: string; job_id: string }[]> {
    // Bounded: a request never waits out a Redis outage; an add that lands late is harmless
    // (the job ids dedupe it).
    const jobs = await boundedQueueCall(() =>
      this.queue.addBulk(
        symbols.map((symbol) => ({
          name: JobNames.warmSymbol,
          data: { symbol },
          opts: {
            jobId: FeatureWarmingService.jobId(symbol),
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      ),
    );
    return jobs.map((job, i) => ({
      symbol: symbols[i],
      job_id: job.id ?? FeatureWarmingService.jobId(symbols[i]),
    }));
  }
}
