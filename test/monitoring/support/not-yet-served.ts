/**
 * Metric names the rules and dashboards use that the app does not serve yet, because the code
 * that exports them is still being written (the trading agent's ffe_* families). The contract
 * test asserts these are STILL missing: when one lands, that test fails until it is removed
 * from this list — the list can only shrink.
 */
export const NOT_YET_SERVED: readonly string[] = [
  'ffe_active_trades_total',
  'ffe_agent_state',
  'ffe_circuit_breaker_state',
  'ffe_decision_confidence',
  'ffe_decision_latency_seconds_bucket',
  'ffe_decision_latency_seconds_count',
  'ffe_portfolio_value_dollars',
  'ffe_provider_requests_total',
  'ffe_trade_pnl_dollars_summary_count',
  'ffe_trade_pnl_dollars_summary_sum',
];

/**
 * Served (declared on /metrics) but with no samples yet, because no route of the app drives
 * them until the trading cycle lands: feature requests come from decisions (a load test and a
 * warm deliberately count elsewhere). The live test skips panels that need only these and
 * asserts they still have no samples — shrink this list when they get traffic.
 */
export const NO_TRAFFIC_YET: readonly string[] = [
  'featurestore_hits_total',
  'featurestore_misses_total',
];
