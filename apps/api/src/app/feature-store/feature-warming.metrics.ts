import { Injectable } from '@nestjs/common';
import { FeatureWarmingOutcomes, MetricNames, type FeatureWarmingOutcome } from '@ffe/contracts';
import { JobHeartbeat } from '../../services/queue/job-heartbeat';
import type { WarmSymbolResult } from './feature-warming.processor';

/** A warm whose entries were all computed or cached is `ok`; one with a failed entry `partial`. */
export function warmingOutcome(result: WarmSymbolResult): FeatureWarmingOutcome {
  return result.failed > 0 ? 'partial' : 'ok';
}

/** The feature-warming jobs' heartbeat (featurestore_warming_*), the trading cycle's shape. */
@Injectable()
export class FeatureWarmingMetrics {
  private readonly heartbeat = new JobHeartbeat<FeatureWarmingOutcome>(
    {
      lastRun: MetricNames.featureWarmingLastRunTimestampSeconds,
      duration: MetricNames.featureWarmingDurationSeconds,
      runs: MetricNames.featureWarmingRunsTotal,
    },
    'feature warming job',
    FeatureWarmingOutcomes,
  );

  measure(warm: () => Promise<WarmSymbolResult>): Promise<WarmSymbolResult> {
    return this.heartbeat.measure(warm, warmingOutcome, 'failed');
  }
}
