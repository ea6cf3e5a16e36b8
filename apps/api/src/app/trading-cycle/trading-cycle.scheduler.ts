import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobNames, QueueNames } from '@ffe/contracts';
import { cycleGrid } from '@ffe/domain';
import type { Queue } from 'bullmq';
import { upsertOnGrid } from '../../services/queue/grid-scheduler';
import { logQueueErrors } from '../../services/queue/queue-errors';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';

/** One scheduler id for every replica: upserting it twice is one schedule, not two. */
export const CYCLE_SCHEDULER_ID = 'trading-cycle';

/**
 * Keeps the BullMQ job scheduler that produces one `run-cycle` job per interval, whatever the
 * number of replicas (each upserts the same id; BullMQ creates each iteration's job once).
 * The schedule runs whatever the bot's state: a cycle of a bot not running still guards open
 * positions (stop-loss / take-profit) and publishes the figures; it enters nothing.
 * Iterations sit a few seconds after bar closes (`cycleGrid`), so the warm of each cycle's
 * features (FeatureWarmingScheduler) lands between the bar close and the cycle.
 */
@Injectable()
export class TradingCycleScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(TradingCycleScheduler.name);

  constructor(
    @InjectQueue(QueueNames.tradingCycle) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    logQueueErrors(this.queue, 'trading-cycle queue');
  }

  onApplicationBootstrap(): void {
    const { intervalMs, timeframe } = this.config.trading;
    const { cycleOffsetMs } = cycleGrid(intervalMs, timeframe);
    // Not awaited: a Redis that is still coming up must not hold the HTTP server back.
    const job = {
      name: JobNames.runCycle,
      data: {},
      opts: {
        attempts: 3,
        backoff: { type: 'fixed' as const, delay: 1_000 },
        removeOnComplete: 1_000,
        removeOnFail: 1_000,
      },
    };
    void upsertOnGrid(this.queue, CYCLE_SCHEDULER_ID, intervalMs, cycleOffsetMs, job)
      // A schedule laid anew runs one cycle at once, as an unaligned one did, then on the grid.
      // Its id is the first grid slot's, so replicas booting together add one.
      .then(async (laid) => {
        if (!laid) return;
        const slot = Math.floor(Date.now() / intervalMs) * intervalMs + cycleOffsetMs;
        await this.queue.add(job.name, job.data, { ...job.opts, jobId: `boot-cycle-${slot}` });
      })
      .then(() =>
        this.logger.log(
          { every_ms: intervalMs, offset_ms: cycleOffsetMs },
          'trading cycle scheduled',
        ),
      )
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'could not schedule the trading cycle'),
      );
  }
}
