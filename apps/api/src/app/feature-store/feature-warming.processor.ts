import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobNames, QueueNames, type FeatureStoreWarmResult } from '@ffe/contracts';
import { cycleGrid, cycleWarmedBy } from '@ffe/domain';
import { RedisFeatureStore } from '@ffe/feature-store';
import type { Job } from 'bullmq';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { logQueueErrors } from '../../services/queue/queue-errors';
import { WORKER_RETRY_DELAY_MS } from '../../services/queue/queue.constants';
import { FeatureWarmingMetrics } from './feature-warming.metrics';
import { scheduledTime } from '../trading-cycle/scheduled-time';
import { FeatureWarmingRegistry } from './feature-warming.registry';
import { FeatureWarmingService } from './feature-warming.service';

export interface WarmSymbolJob {
  symbol: string;
  /** The cycle time whose frame to warm (a `warm-bar` job); a `warm-symbol` job warms now. */
  at?: number;
}

export type WarmSymbolResult = { symbol: string } & Record<FeatureStoreWarmResult, number>;

export interface WarmNextCycleResult {
  cycle_at: number;
  queued: string[];
}

/**
 * Runs the feature-warming queue: a `warm-next-cycle` tick queues one `warm-bar` job per pair
 * the next cycle decides on; `warm-bar` and `warm-symbol` jobs run every registered source's
 * plans for their symbol through store.warm (counted as warms, never as hits or misses).
 * Eight at once: a tick's jobs (one per pair, up to 50) must all land inside the warm's share
 * of the settle (250 ms on one-second bars); each mostly waits on Redis.
 */
@Processor(QueueNames.featureWarming, { concurrency: 8, runRetryDelay: WORKER_RETRY_DELAY_MS })
export class FeatureWarmingProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(FeatureWarmingProcessor.name);

  constructor(
    @Inject(RedisFeatureStore) private readonly store: RedisFeatureStore,
    private readonly registry: FeatureWarmingRegistry,
    private readonly metrics: FeatureWarmingMetrics,
    private readonly warming: FeatureWarmingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    logQueueErrors(this.worker, 'feature-warming worker');
  }

  async process(job: Job): Promise<WarmSymbolResult | WarmNextCycleResult> {
    if (job.name === JobNames.warmNextCycle) return this.queueNextCycle(scheduledTime(job));
    const { symbol, at } = job.data as WarmSymbolJob;
    // The heartbeat wraps the whole warm, so one that throws counts as `failed`.
    return this.metrics.measure(() => this.warm(symbol, at ?? job.timestamp));
  }

  private async queueNextCycle(tickAt: number): Promise<WarmNextCycleResult> {
    const { intervalMs, timeframe } = this.config.trading;
    const cycleAt = cycleWarmedBy(cycleGrid(intervalMs, timeframe), tickAt);
    const lists = await Promise.all(this.registry.sources.map((s) => s.symbolsToWarm()));
    const symbols = [...new Set(lists.flat())];
    await this.warming.enqueueBars(symbols, cycleAt);
    return { cycle_at: cycleAt, queued: symbols };
  }

  private async warm(symbol: string, at: number): Promise<WarmSymbolResult> {
    const result: WarmSymbolResult = { symbol, computed: 0, cached: 0, failed: 0 };
    for (const source of this.registry.sources) {
      for (const plan of await source.warmPlans(symbol, at)) {
        const outcome = await this.store
          .warm(symbol, plan.frame, plan.config, plan.compute)
          .catch((error: unknown) => {
            this.logger.warn({ symbol, err: error }, 'feature warm failed');
            return 'failed' as const;
          });
        result[outcome]++;
      }
    }
    return result;
  }
}
