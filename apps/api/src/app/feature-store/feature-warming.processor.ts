import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QueueNames, type FeatureStoreWarmResult } from '@ffe/contracts';
import { RedisFeatureStore } from '@ffe/feature-store';
import type { Job } from 'bullmq';
import { logQueueErrors } from '../../services/queue/queue-errors';
import { WORKER_RETRY_DELAY_MS } from '../../services/queue/queue.constants';
import { FeatureWarmingMetrics } from './feature-warming.metrics';
import { FeatureWarmingRegistry } from './feature-warming.registry';

export interface WarmSymbolJob {
  symbol: string;
}

export type WarmSymbolResult = { symbol: string } & Record<FeatureStoreWarmResult, number>;

/** Runs `warm-symbol` jobs: every registered source's plans for the symbol, through store.warm. */
@Processor(QueueNames.featureWarming, { concurrency: 2, runRetryDelay: WORKER_RETRY_DELAY_MS })
export class FeatureWarmingProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(FeatureWarmingProcessor.name);

  constructor(
    @Inject(RedisFeatureStore) private readonly store: RedisFeatureStore,
    private readonly registry: FeatureWarmingRegistry,
    private readonly metrics: FeatureWarmingMetrics,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    logQueueErrors(this.worker, 'feature-warming worker');
  }

  process(job: Job<WarmSymbolJob>): Promise<WarmSymbolResult> {
    // The heartbeat wraps the whole job, so one that throws counts as `failed`.
    return this.metrics.measure(() => this.warm(job.data));
  }

  private async warm({ symbol }: WarmSymbolJob): Promise<WarmSymbolResult> {
    const result: WarmSymbolResult = { symbol, computed: 0, cached: 0, failed: 0 };
    for (const source of this.registry.sources) {
      for (const plan of await source.warmPlans(symbol)) {
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
