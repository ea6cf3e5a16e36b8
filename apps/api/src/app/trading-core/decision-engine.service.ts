import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  clampConfidence,
  type Decision,
  type DecisionOutcome,
  type ProviderDecision,
} from '@ffe/domain';
import { DecisionProviderRegistry } from './decision-provider.registry';
import { MarketPrices } from './market-prices.service';
import { TradingMetrics } from './trading-metrics';

/** A decision id: derived from `seed` when given (so a retried cycle re-derives it), else random. */
export function decisionId(seed?: string): string {
  const source = seed ?? randomUUID();
  return `dec_${createHash('sha256').update(source).digest('hex').slice(0, 24)}`;
}

/** Candles → features → provider, timed and recorded in the metrics. */
@Injectable()
export class DecisionEngine {
  constructor(
    private readonly registry: DecisionProviderRegistry,
    private readonly prices: MarketPrices,
    private readonly metrics: TradingMetrics,
  ) {}

  async decide(params: {
    pair: string;
    at: number;
    provider?: string;
    idSeed?: string;
    outcome: DecisionOutcome;
  }): Promise<Decision> {
    const provider = this.registry.get(params.provider);
    const frame = await this.prices.frame(params.pair, params.at);
    const started = performance.now();
    let decided: ProviderDecision;
    try {
      decided = await provider.decide({ frame });
    } finally {
      // Guarded providers time themselves (with their outcome); the ensemble is timed here,
      // answered or not: the wait is the decision's latency either way.
      if (provider.name === 'ensemble') {
        const seconds = (performance.now() - started) / 1_000;
        this.metrics.decisionLatency('ensemble', params.pair, seconds);
      }
    }
    const confidence = clampConfidence(decided.confidence);
    this.metrics.decisionConfidence(params.pair, decided.action, confidence, params.at);
    const last = frame.candles[frame.candles.length - 1];
    return {
      ...decided,
      confidence,
      id: decisionId(params.idSeed),
      assetPair: params.pair,
      createdAt: params.at,
      price: last?.close ?? Number.NaN,
      outcome: params.outcome,
    };
  }
}
