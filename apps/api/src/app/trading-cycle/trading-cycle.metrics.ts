import { Inject, Injectable } from '@nestjs/common';
import { MetricNames, TradingCycleOutcomes, type TradingCycleOutcome } from '@ffe/contracts';
import { Gauge, register } from 'prom-client';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { JobHeartbeat } from '../../services/queue/job-heartbeat';
import type { CycleReport } from './trading-cycle.service';

/**
 * What a finished cycle was: `stale` (a later cycle had run), `skipped` (no entries: the bot
 * not running, or the kill switch tripped) or `ok`. A thrown cycle is `failed` (see measure).
 */
export function cycleOutcome(report: CycleReport): TradingCycleOutcome {
  if (report.skipped === 'stale') return 'stale';
  return report.skipped ? 'skipped' : 'ok';
}

/**
 * The trading cycle's heartbeat (ffe_trading_cycle_*) and its configured interval, which the
 * TradingCycleStalled rule multiplies: the rule follows DECISION_INTERVAL_SECONDS by itself.
 */
@Injectable()
export class TradingCycleMetrics {
  private readonly heartbeat = new JobHeartbeat<TradingCycleOutcome>(
    {
      lastRun: MetricNames.tradingCycleLastRunTimestampSeconds,
      duration: MetricNames.tradingCycleDurationSeconds,
      runs: MetricNames.tradingCyclesTotal,
    },
    'trading cycle',
    TradingCycleOutcomes,
  );

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    register.removeSingleMetric(MetricNames.tradingCycleIntervalSeconds);
    new Gauge({
      name: MetricNames.tradingCycleIntervalSeconds,
      help: 'Configured trading cycle interval (DECISION_INTERVAL_SECONDS), seconds',
    }).set(config.trading.intervalMs / 1_000);
  }

  measure(cycle: () => Promise<CycleReport>): Promise<CycleReport> {
    return this.heartbeat.measure(cycle, cycleOutcome, 'failed');
  }
}
