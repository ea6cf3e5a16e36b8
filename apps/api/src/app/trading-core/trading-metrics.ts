import { Inject, Injectable } from '@nestjs/common';
import { MetricNames, PositionExitReasons, type PositionExitReason } from '@ffe/contracts';
import {
  BOT_STATE_VALUES,
  TRADE_ACTIONS,
  type MarketDataProvider,
  type TradeAction,
} from '@ffe/domain';
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

/** The close reasons the code passes, as the exit metric names them; anything else is `other`. */
const EXIT_REASON_LABELS: Record<string, PositionExitReason> = {
  stop_loss: 'stop_loss',
  take_profit: 'take_profit',
  signal_reversal: 'signal_reversal',
  emergency_stop: 'emergency',
  emergency: 'emergency',
  manual: 'manual',
};

export function exitReasonLabel(reason: string): PositionExitReason {
  return EXIT_REASON_LABELS[reason] ?? 'other';
}

/**
 * Every `ffe_*` metric exactly as the design names it, registered when the app starts (so
 * /metrics shows them before the first trade). Labels are bounded: providers are a fixed set,
 * pairs are the ones the market-data source knows (anything else is `_other`), the platform
 * is the configured one. Gauges that describe shared state (agent state, portfolio value,
 * active trades) read what the trading cycle published in Redis, so every replica agrees — and
 * serves the same value: aggregate them across replicas with max, never sum.
 */
@Injectable()
export class TradingMetrics implements DecisionObserver {
  private readonly pairs: Set<string>;
  private readonly latency: Histogram<'provider' | 'asset_pair'>;
  private readonly requests: Counter<'provider' | 'status'>;
  private readonly pnl: Summary<'asset_pair'>;
  private readonly breaker: Gauge<'service'>;
  private readonly confidence: Gauge<'asset_pair' | 'action'>;
  private readonly exits: Counter<'reason'>;
  private readonly killSwitchTrips: Counter;
  /** Per `asset_pair` label: the `at` (epoch ms) of the decision its confidence series holds. */
  private readonly decidedAt = new Map<string, number>();

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
    this.exits = fresh(
      MetricNames.positionExitsTotal,
      () =>
        new Counter({
          name: MetricNames.positionExitsTotal,
          help: `Positions closed, by reason (${PositionExitReasons.join(', ')})`,
          labelNames: ['reason'],
        }),
    );
    for (const reason of PositionExitReasons) this.exits.inc({ reason }, 0);
    this.killSwitchTrips = fresh(
      MetricNames.killSwitchTripsTotal,
      () =>
        new Counter({
          name: MetricNames.killSwitchTripsTotal,
          help: 'Times the drawdown kill switch latched the emergency stop',
        }),
    );
    const latest = () => bot.read();
    const dropSuperseded = (lastCycleAt: number | undefined) => this.dropSuperseded(lastCycleAt);
    this.confidence = fresh(
      MetricNames.decisionConfidence,
      () =>
        new Gauge({
          name: MetricNames.decisionConfidence,
          help: 'Confidence (0..1) of the latest decision per pair, labelled with its action',
          labelNames: ['asset_pair', 'action'],
          async collect() {
            const snapshot = await latest().catch(() => undefined);
            dropSuperseded(snapshot?.lastDecisionAt);
          },
        }),
    );
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
          // Redis unreadable: the last value read stays (never a made-up one). Before the first
          // cycle published a value, only the paper account's is known: its opening balance.
          async collect() {
            const snapshot = await latest().catch(() => undefined);
            if (!snapshot) return;
            const value =
              snapshot.portfolioValue ??
              (platform === 'paper' ? config.trading.paper.initialBalance : undefined);
            if (value !== undefined) this.set({ platform }, value);
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
          // Redis unreadable: the last value read stays, not 0 (which would hide open trades).
          async collect() {
            const snapshot = await latest().catch(() => undefined);
            if (snapshot) this.set({ platform }, snapshot.activePositions ?? 0);
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
    // A failed or timed-out call kept the cycle waiting as long as it took: that is decision
    // latency too (a timeout observes the bound it hit). A call an open breaker rejected never
    // reached the provider; counting its ~0 s would pull the p95 down while a provider is cut off.
    if (params.status !== 'rejected')
      this.decisionLatency(params.provider, params.assetPair, params.seconds);
  }

  breakerState(params: { service: string; state: BreakerStateValue }): void {
    this.breaker.set({ service: params.service }, params.state);
  }

  decisionLatency(provider: string, assetPair: string, seconds: number): void {
    this.latency.observe({ provider, asset_pair: this.pair(assetPair) }, seconds);
  }

  /**
   * One series per pair: the latest decision's confidence, labelled with its action. The pair's
   * series for the other actions go, so an average over the gauge never counts an old action.
   * `at` is the decision's time (a cycle's own time for the bot's decisions).
   */
  decisionConfidence(assetPair: string, action: TradeAction, confidence: number, at: number): void {
    const asset_pair = this.pair(assetPair);
    for (const other of TRADE_ACTIONS) {
      if (other !== action) this.confidence.remove({ asset_pair, action: other });
    }
    this.confidence.set({ asset_pair, action }, confidence);
    this.decidedAt.set(asset_pair, at);
  }

  /** A position closed by the closer: its P&L and its exit, by reason. */
  tradeClosed(assetPair: string, realizedPnl: number, reason: string): void {
    this.pnl.observe({ asset_pair: this.pair(assetPair) }, realizedPnl);
    this.exits.inc({ reason: exitReasonLabel(reason) });
  }

  killSwitchTripped(): void {
    this.killSwitchTrips.inc();
  }

  /**
   * Before a scrape: drops the pairs whose latest decision here is older than the bot's latest
   * cycle (published in Redis). That cycle decided every pair the bot trades — on this replica
   * (then the series is that cycle's) or on another one (then this replica's value is stale) — so
   * what is dropped is a pair no longer traded or a decision another replica has since replaced.
   * Decisions asked for through the API after that cycle stay until the next one.
   */
  private dropSuperseded(lastCycleAt: number | undefined): void {
    if (lastCycleAt === undefined) return;
    for (const [asset_pair, at] of this.decidedAt) {
      if (at >= lastCycleAt) continue;
      for (const action of TRADE_ACTIONS) this.confidence.remove({ asset_pair, action });
      this.decidedAt.delete(asset_pair);
    }
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
