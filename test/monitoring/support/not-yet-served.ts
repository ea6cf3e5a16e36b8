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
