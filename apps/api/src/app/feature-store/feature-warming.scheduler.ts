import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobNames, QueueNames } from '@ffe/contracts';
import { cycleGrid } from '@ffe/domain';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { upsertOnGrid } from '../../services/queue/grid-scheduler';

/** One scheduler id for every replica: BullMQ creates each tick's job once. */
export const WARM_SCHEDULER_ID = 'warm-next-cycle';

/**
 * One `warm-next-cycle` tick per cycle, between the close of the last bar the next cycle reads
 * and that cycle (`cycleGrid`): the tick queues that cycle's features per traded pair, computed
 * from bars that have closed, so the cycle's requests are hits, on every market data source.
 */
@Injectable()
export class FeatureWarmingScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(FeatureWarmingScheduler.name);

  constructor(
    @InjectQueue(QueueNames.featureWarming) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { intervalMs, timeframe } = this.config.trading;
    const { warmOffsetMs } = cycleGrid(intervalMs, timeframe);
    // Not awaited, as the cycle's scheduler: Redis coming up must not hold the server back.
    void upsertOnGrid(this.queue, WARM_SCHEDULER_ID, intervalMs, warmOffsetMs, {
      name: JobNames.warmNextCycle,
      data: {},
      opts: { attempts: 1, removeOnComplete: 100, removeOnFail: 100 },
    })
      .then(() =>
        this.logger.log(
          { every_ms: intervalMs, offset_ms: warmOffsetMs },
          'feature warm scheduled',
        ),
      )
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'could not schedule the feature warm'),
      );
  }
}
