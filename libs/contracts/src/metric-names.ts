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
  featureStoreHealthCheckStatus: 'featurestore_health_check_status',
} as const;

export type MetricName = (typeof MetricNames)[keyof typeof MetricNames];
