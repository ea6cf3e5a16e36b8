import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { JobNames, QueueNames } from '@ffe/contracts';
import { lastClosedBarOpen } from '@ffe/domain';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { boundedQueueCall } from '../../services/queue/bounded-queue-call';
import { logQueueErrors } from '../../services/queue/queue-errors';
import type { WarmSymbolJob } from './feature-warming.processor';

/**
 * Finished bar warms kept, so a tick repeated within a bar (a retry, another replica, a cycle
 * shorter than the bar) finds its job id taken and adds nothing.
 */
const KEPT_BAR_WARMS = 1_000;

/**
 * Enqueues warming. A requested warm's job id is the symbol's, so a repeated request while one
 * is waiting or running adds nothing; finished ones are removed, so the next request warms
 * again. A cycle's warm is one job per (pair, bar), id `warm-<PAIR>-<bar open millis>`.
 */
@Injectable()
export class FeatureWarmingService {
  constructor(
    @InjectQueue(QueueNames.featureWarming) private readonly queue: Queue<WarmSymbolJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    logQueueErrors(this.queue, 'feature-warming queue');
  }

  static jobId(symbol: string): string {
    return `warm-${symbol}`;
  }

  static barJobId(symbol: string, barOpenMillis: number): string {
    return `warm-${symbol}-${barOpenMillis}`;
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

  /** The features a cycle at `cycleAt` will ask of each symbol: its last closed bar's frame. */
  async enqueueBars(symbols: string[], cycleAt: number): Promise<void> {
    if (symbols.length === 0) return;
    const bar = lastClosedBarOpen(cycleAt, this.config.trading.timeframe);
    await this.queue.addBulk(
      symbols.map((symbol) => ({
        name: JobNames.warmBar,
        data: { symbol, at: cycleAt },
        opts: {
          jobId: FeatureWarmingService.barJobId(symbol, bar),
          // A retry would land after the cycle it was for: that cycle computes instead.
          attempts: 1,
          removeOnComplete: KEPT_BAR_WARMS,
          removeOnFail: KEPT_BAR_WARMS,
        },
      })),
    );
  }
}
