/**
 * Every metric name the app serves. Dashboards and alert rules in monitoring/ depend on these
 * exact strings; a contract test holds them against what /metrics really serves.
 */
export const MetricNames = {
  decisionLatencySeconds: 'ffe_decision_latency_seconds',
  providerRequestsTotal: 'ffe_provider_requests_total',
  /** Named after its type in the original guide; kept for compatibility (allowed in the lint). */
  tradePnlDollarsSummary: 'ffe_trade_pnl_dollars_summary',
  circuitBreakerState: 'ffe_circuit_breaker_state',
  portfolioValueDollars: 'ffe_portfolio_value_dollars',
  /** A gauge despite its `_total` suffix; kept for compatibility (allowed in the lint). */
  activeTradesTotal: 'ffe_active_trades_total',
  agentState: 'ffe_agent_state',
  decisionConfidence: 'ffe_decision_confidence',
  featureStoreHitsTotal: 'featurestore_hits_total',
  featureStoreMissesTotal: 'featurestore_misses_total',
  featureStoreHitRatio: 'featurestore_hit_ratio',
  /** Histograms in seconds, no labels (cardinality): the L2 (Redis) read of a cache entry. */
  featureStoreReadDurationSeconds: 'featurestore_read_duration_seconds',
  /** The write of a computed entry: value, manifest insert and notification in one round trip. */
  featureStoreWriteDurationSeconds: 'featurestore_write_duration_seconds',
  /** One attempt to take the cross-replica compute lock (SET NX PX). */
  featureStoreLockAcquireDurationSeconds: 'featurestore_lock_acquire_duration_seconds',
  /** Time a request waited for another replica's compute of the same key. */
  featureStoreLockWaitDurationSeconds: 'featurestore_lock_wait_duration_seconds',
  /** The feature computation itself (a miss, or a warm). */
  featureStoreComputeDurationSeconds: 'featurestore_compute_duration_seconds',
  /** Redis operations that failed or timed out and were computed through, by `op`. */
  featureStoreErrorsTotal: 'featurestore_errors_total',
  /** Warming jobs' entries by `result` (computed, cached, failed); not requests, not misses. */
  featureStoreWarmTotal: 'featurestore_warm_total',
  featureStoreHealthCheckStatus: 'featurestore_health_check_status',
  /** Heartbeat of the trading cycle: when a cycle last ended (any outcome), per replica. */
  tradingCycleLastRunTimestampSeconds: 'ffe_trading_cycle_last_run_timestamp_seconds',
  tradingCycleDurationSeconds: 'ffe_trading_cycle_duration_seconds',
  /** Cycle runs by `outcome` (TradingCycleOutcomes); a thrown cycle is `failed`. */
  tradingCyclesTotal: 'ffe_trading_cycles_total',
  /** The configured cycle interval, so a rule can say "no cycle for 3 intervals". */
  tradingCycleIntervalSeconds: 'ffe_trading_cycle_interval_seconds',
  /** Heartbeat of the feature-warming jobs, the same shape as the trading cycle's. */
  featureWarmingLastRunTimestampSeconds: 'featurestore_warming_last_run_timestamp_seconds',
  featureWarmingDurationSeconds: 'featurestore_warming_duration_seconds',
  /** Warming job runs by `outcome` (FeatureWarmingOutcomes). */
  featureWarmingRunsTotal: 'featurestore_warming_runs_total',
  /** BullMQ jobs per `queue` and `state` (QueueJobStates), read from Redis at scrape time. */
  queueJobs: 'ffe_queue_jobs',
  /** Orders at the platform boundary by `platform`, `side` and `status` (a replay is `replayed`). */
  ordersTotal: 'ffe_orders_total',
  /** Orders that went to the venue: the call's duration, seconds. */
  orderLatencySeconds: 'ffe_order_latency_seconds',
  /** Positions closed, by `reason` (PositionExitReasons). */
  positionExitsTotal: 'ffe_position_exits_total',
  /** The drawdown kill switch latching the emergency stop. */
  killSwitchTripsTotal: 'ffe_kill_switch_trips_total',
  /** HTTP requests by `method`, matched route template (`route`) and `status_class` (2xx…5xx). */
  httpRequestsTotal: 'ffe_http_requests_total',
  /** HTTP request duration by `method` and `route`, seconds. */
  httpRequestDurationSeconds: 'ffe_http_request_duration_seconds',
} as const;

export type MetricName = (typeof MetricNames)[keyof typeof MetricNames];

/** Values of the `op` label of featurestore_errors_total: a fixed set, so cardinality is bounded. */
export const FeatureStoreErrorOps = [
  'read',
  'write',
  'lock',
  'wait',
  'stats',
  'invalidate',
  'ping',
] as const;
export type FeatureStoreErrorOp = (typeof FeatureStoreErrorOps)[number];

/** Values of the `result` label of featurestore_warm_total. */
export const FeatureStoreWarmResults = ['computed', 'cached', 'failed'] as const;
export type FeatureStoreWarmResult = (typeof FeatureStoreWarmResults)[number];

/** Values of the `outcome` label of ffe_trading_cycles_total. */
export const TradingCycleOutcomes = ['ok', 'skipped', 'stale', 'failed'] as const;
export type TradingCycleOutcome = (typeof TradingCycleOutcomes)[number];

/** Values of the `outcome` label of featurestore_warming_runs_total. */
export const FeatureWarmingOutcomes = ['ok', 'partial', 'failed'] as const;
export type FeatureWarmingOutcome = (typeof FeatureWarmingOutcomes)[number];

/** Values of the `state` label of ffe_queue_jobs. */
export const QueueJobStates = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueJobState = (typeof QueueJobStates)[number];

/** Values of the `reason` label of ffe_position_exits_total; any other close reason is `other`. */
export const PositionExitReasons = [
  'stop_loss',
  'take_profit',
  'signal_reversal',
  'emergency',
  'manual',
  'other',
] as const;
export type PositionExitReason = (typeof PositionExitReasons)[number];

/** The `route` label of a request no route matched (a 404 of any path): one value, not the path. */
export const UNMATCHED_ROUTE = '_unmatched';
