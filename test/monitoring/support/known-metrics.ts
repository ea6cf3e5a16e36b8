import { MetricNames } from '@ffe/contracts';

/** Suffixes Prometheus adds to histogram and summary families. */
export const SERIES_SUFFIXES = ['_bucket', '_sum', '_count'];

/** Names the app serves by contract (libs/contracts), with their histogram/summary series. */
export function appMetricNames(): Set<string> {
  const names = new Set<string>();
  for (const name of Object.values(MetricNames)) {
    names.add(name);
    for (const suffix of SERIES_SUFFIXES) names.add(`${name}${suffix}`);
  }
  return names;
}

/**
 * Who serves a metric name: the app (our families and prom-client's Node defaults), an
 * exporter, or Prometheus itself. The contract test holds app names against /metrics; the live
 * test holds the others against a real Prometheus scraping real exporters.
 */
export function sourceOf(
  name: string,
): 'app' | 'node' | 'redis' | 'prometheus' | 'alertmanager' | 'synthetic' | 'unknown' {
  if (/^(ffe|featurestore)_/.test(name) || /^(process|nodejs)_/.test(name)) return 'app';
  if (name.startsWith('node_')) return 'node';
  if (name.startsWith('redis_')) return 'redis';
  if (name.startsWith('prometheus_')) return 'prometheus';
  if (name.startsWith('alertmanager_')) return 'alertmanager';
  if (name === 'up' || name === 'ALERTS' || name === 'ALERTS_FOR_STATE') return 'synthetic';
  return 'unknown';
}
