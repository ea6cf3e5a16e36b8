import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobNames, QueueNames } from '@ffe/contracts';
import type { Queue } from 'bullmq';
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
    // Not awaited: a Redis that is still coming up must not hold the HTTP server back.
    void this.queue
      .upsertJobScheduler(
        CYCLE_SCHEDULER_ID,
        { every: this.config.trading.intervalMs },
        {
          name: JobNames.runCycle,
          data: {},
          opts: {
            attempts: 3,
            backoff: { type: 'fixed', delay: 1_000 },
            removeOnComplete: 1_000,
            removeOnFail: 1_000,
          },
        },
      )
      .then(() =>
        this.logger.log({ every_ms: this.config.trading.intervalMs }, 'trading cycle scheduled'),
      )
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'could not schedule the trading cycle'),
      );
  }
}
