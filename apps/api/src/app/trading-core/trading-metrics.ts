import { Inject, Injectable } from '@nestjs/common';
import { MetricNames } from '@ffe/contracts';
import { BOT_STATE_VALUES, type MarketDataProvider, type TradeAction } from '@ffe/domain';
import {
  PROVIDER_STATUSES,
  type BreakerStateValue,
  type DecisionObserver,
  type ProviderStatus,
} from '@ffe/strategies';
import { Counter, Gauge, Histogram, Summary, register } from 'prom-client';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { BotStateStore } from '../../services/bot-state/bot-state.store';
import { MARKET_DATA } from '../../services/market-data/market-data.tokens';

/** Decisions take milliseconds (technical) to tens of seconds (an LLM): buckets span both. */
const DECISION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
export const OTHER_PAIR = '_other';

/**
 * Every `ffe_*` metric exactly as the design names it, registered when the app starts (so
 * /metrics shows them before the first trade). Labels are bounded: providers are a fixed set,
 * pairs are the ones the market-data source knows (anything else is `_other`), the platform
 * is the configured one. Gauges that describe shared state (agent state, portfolio value,
 * active trades) read what the trading cycle published in Redis, so every replica agrees.
 */
@Injectable()
export class TradingMetrics implements DecisionObserver {
  private readonly pairs: Set<string>;
  private readonly latency: Histogram<'provider' | 'asset_pair'>;
  private readonly requests: Counter<'provider' | 'status'>;
  private readonly pnl: Summary<'asset_pair'>;
  private readonly breaker: Gauge<'service'>;
  private readonly confidence: Gauge<'asset_pair' | 'action'>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(MARKET_DATA) marketData: MarketDataProvider,
    bot: BotStateStore,
  ) {
    this.pairs = new Set(marketData.pairs());
    const platform = config.trading.platform;
    this.latency = fresh(
      MetricNames.decisionLatencySeconds,
      () =>
        new Histogram({
          name: MetricNames.decisionLatencySeconds,
          help: 'Time to a decision, per provider and pair, seconds',
          labelNames: ['provider', 'asset_pair'],
          buckets: DECISION_BUCKETS,
        }),
    );
    this.requests = fresh(
      MetricNames.providerRequestsTotal,
      () =>
        new Counter({
          name: MetricNames.providerRequestsTotal,
          help: 'Decision provider requests by outcome (success, failure, timeout, rejected)',
          labelNames: ['provider', 'status'],
        }),
    );
    this.pnl = fresh(
      MetricNames.tradePnlDollarsSummary,
      () =>
        new Summary({
          name: MetricNames.tradePnlDollarsSummary,
          help: 'Realised P&L of closed trades, dollars',
          labelNames: ['asset_pair'],
          percentiles: [0.05, 0.5, 0.95],
          maxAgeSeconds: 3_600,
          ageBuckets: 5,
        }),
    );
    this.breaker = fresh(
      MetricNames.circuitBreakerState,
      () =>
        new Gauge({
          name: MetricNames.circuitBreakerState,
          help: 'Decision provider circuit breaker: 0 closed, 1 half-open, 2 open',
          labelNames: ['service'],
        }),
    );
    this.confidence = fresh(
      MetricNames.decisionConfidence,
      () =>
        new Gauge({
          name: MetricNames.decisionConfidence,
          help: 'Confidence (0..1) of the latest decision per pair and action',
          labelNames: ['asset_pair', 'action'],
        }),
    );
    const latest = () => bot.read();
    fresh(
      MetricNames.agentState,
      () =>
        new Gauge({
          name: MetricNames.agentState,
          help: 'Bot state: 0 stopped, 1 starting, 2 running, 3 stopping, 4 emergency_stopped',
          async collect() {
            const snapshot = await latest().catch(() => undefined);
            if (snapshot) this.set(BOT_STATE_VALUES[snapshot.state]);
          },
        }),
    );
    fresh(
      MetricNames.portfolioValueDollars,
      () =>
        new Gauge({
          name: MetricNames.portfolioValueDollars,
          help: 'Paper or venue account value: cash plus open positions, dollars',
          labelNames: ['platform'],
          async collect() {
            const snapshot = await latest().catch(() => undefined);
            const value = snapshot?.portfolioValue ?? config.trading.paper.initialBalance;
            this.set({ platform }, value);
          },
        }),
    );
    fresh(
      MetricNames.activeTradesTotal,
      () =>
        new Gauge({
          name: MetricNames.activeTradesTotal,
          help: 'Open positions (a gauge; the name is kept from the original guide)',
          labelNames: ['platform'],
          async collect() {
            const snapshot = await latest().catch(() => undefined);
            this.set({ platform }, snapshot?.activePositions ?? 0);
          },
        }),
    );
  }

  /** Zero series for a provider, so rate() and absent() work before its first request. */
  registerProvider(provider: string): void {
    for (const status of PROVIDER_STATUSES) this.requests.inc({ provider, status }, 0);
    this.breaker.set({ service: provider }, 0);
  }

  request(params: {
    provider: string;
    assetPair: string;
    status: ProviderStatus;
    seconds: number;
  }): void {
    this.requests.inc({ provider: params.provider, status: params.status });
    if (params.status === 'success')
      this.decisionLatency(params.provider, params.assetPair, params.seconds);
  }

  breakerState(params: { service: string; state: BreakerStateValue }): void {
    this.breaker.set({ service: params.service }, params.state);
  }

  decisionLatency(provider: string, assetPair: string, seconds: number): void {
    this.latency.observe({ provider, asset_pair: this.pair(assetPair) }, seconds);
  }

  decisionConfidence(assetPair: string, action: TradeAction, confidence: number): void {
    this.confidence.set({ asset_pair: this.pair(assetPair), action }, confidence);
  }

  tradeClosed(assetPair: string, realizedPnl: number): void {
    this.pnl.observe({ asset_pair: this.pair(assetPair) }, realizedPnl);
  }

  private pair(assetPair: string): string {
    return this.pairs.has(assetPair) ? assetPair : OTHER_PAIR;
  }
}

/** prom-client keeps one metric per name in the default registry: replace, never duplicate. */
function fresh<T>(name: string, make: () => T): T {
  register.removeSingleMetric(name);
  return make();
}
