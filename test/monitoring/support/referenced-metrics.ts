import { panelQueries } from './dashboards';
import { rawMetricNames } from './promql-names';
import { alertRules, recordingRules } from './rules';

export interface Reference {
  name: string;
  /** Where it is used: "rule TradingAgentDown", "panel featurestore-slo / Latency p95". */
  usedBy: string[];
}

/** Every raw metric name an alert, a recording rule or a panel uses, recorded names expanded. */
export function referencedMetrics(): Reference[] {
  const recordings = new Map(recordingRules().map((r) => [r.record, r.expr]));
  const uses: [string, string][] = [
    ...alertRules().map((r): [string, string] => [`rule ${r.alert}`, r.expr]),
    ...recordingRules().map((r): [string, string] => [`rule ${r.record}`, r.expr]),
    ...panelQueries().map((q): [string, string] => [`panel ${q.dashboard} / ${q.panel}`, q.expr]),
  ];
  const byName = new Map<string, Set<string>>();
  for (const [where, expr] of uses) {
    for (const name of rawMetricNames(expr, recordings)) {
      if (!byName.has(name)) byName.set(name, new Set());
      byName.get(name)!.add(where);
    }
  }
  return [...byName.entries()]
    .map(([name, usedBy]) => ({ name, usedBy: [...usedBy] }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
