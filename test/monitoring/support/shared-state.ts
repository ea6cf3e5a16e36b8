/**
 * Gauges every replica serves from one value in Redis (or, for the cycle interval, one setting): with N replicas scraped, Prometheus holds
 * N copies of one number, so they may only be aggregated with max or min (a sum or an average
 * over replicas would report N times the value, or hide nothing but mislead).
 */
export const SHARED_STATE_GAUGES = [
  'ffe_agent_state',
  'ffe_portfolio_value_dollars',
  'ffe_active_trades_total',
  'ffe_queue_jobs',
  'ffe_trading_cycle_interval_seconds',
] as const;

const AGGREGATIONS = new Set([
  'sum',
  'avg',
  'count',
  'min',
  'max',
  'group',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'quantile',
  'count_values',
  'limitk',
  'limit_ratio',
]);
const ACROSS_REPLICAS_OK = new Set(['max', 'min']);

/** What owns the `(` that ends `before`: `sum by (x) (` → sum, `rate(` → rate, `- (` → none. */
function ownerOf(before: string): string | undefined {
  return /([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:(?:by|without)\s*\([^()]*\)\s*)?$/.exec(before)?.[1];
}

/** The innermost aggregation around position `at` of `expr`, if any (range functions skipped). */
function enclosingAggregation(expr: string, at: number): string | undefined {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    const c = expr[i];
    if (c === ')') depth++;
    else if (c === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const owner = ownerOf(expr.slice(0, i));
      if (owner && AGGREGATIONS.has(owner)) return owner;
    }
  }
  return undefined;
}

/**
 * Each use of a shared-state gauge in `expr` that is not taken through max or min across
 * replicas: `sum by (platform) (ffe_active_trades_total)` → a finding, and so is a bare selector
 * (one result per replica: an alert per replica, a panel line per replica).
 */
export function sharedStateMisuses(expr: string): string[] {
  const findings: string[] = [];
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, (s) => ' '.repeat(s.length));
  for (const name of SHARED_STATE_GAUGES) {
    const use = new RegExp(`(?<![a-zA-Z0-9_:])${name}(?![a-zA-Z0-9_:])`, 'g');
    for (const match of withoutStrings.matchAll(use)) {
      const aggregation = enclosingAggregation(withoutStrings, match.index);
      if (!aggregation || !ACROSS_REPLICAS_OK.has(aggregation)) {
        findings.push(`${name} ${aggregation ? `under ${aggregation}()` : 'not aggregated'}`);
      }
    }
  }
  return findings;
}
