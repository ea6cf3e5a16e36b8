import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QueueNames } from '@ffe/contracts';
import type { Job } from 'bullmq';
import { logQueueErrors } from '../../services/queue/queue-errors';
import { WORKER_RETRY_DELAY_MS } from '../../services/queue/queue.constants';
import { scheduledTime } from './scheduled-time';
import { TradingCycleMetrics } from './trading-cycle.metrics';
import { TradingCycleService, type CycleReport } from './trading-cycle.service';

/**
 * Runs `run-cycle` jobs, one at a time per replica. A replica that dies mid-cycle loses its
 * job lock; after `lockDuration` another replica picks the stalled job up and re-runs it with
 * the same id and time, which repeats nothing (see TradingCycleService).
 */
@Processor(QueueNames.tradingCycle, {
  concurrency: 1,
  lockDuration: 10_000,
  stalledInterval: 5_000,
  maxStalledCount: 2,
  runRetryDelay: WORKER_RETRY_DELAY_MS,
})
export class TradingCycleProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(TradingCycleProcessor.name);

  constructor(
    private readonly cycle: TradingCycleService,
    private readonly metrics: TradingCycleMetrics,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    logQueueErrors(this.worker, 'trading-cycle worker');
  }

  async process(job: Job): Promise<CycleReport> {
    // The iteration's scheduled time: the same on a retry, so candles and ids are too.
    const at = scheduledTime(job);
    // Measured here, around the whole run, so a cycle that throws counts as `failed`.
    const report = await this.metrics.measure(() =>
      this.cycle.run({ cycleId: String(job.id), at }),
    );
    // A stopped bot's cycle is routine: log it only when its exits closed something.
    if (!report.skipped || report.closed > 0) this.logger.log(report, 'trading cycle done');
    return report;
  }
}
