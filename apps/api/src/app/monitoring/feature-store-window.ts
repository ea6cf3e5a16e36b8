import type {
  FeatureStoreMetricsSnapshot,
  HistogramCounts,
  LatencyName,
} from '../feature-store/feature-store.metrics';
import { LATENCY_BUCKETS } from '../feature-store/feature-store.metrics';
import { histogramQuantile } from './histogram-quantile';

/** The SLO thresholds of the design. */
export const FEATURE_STORE_SLO = {
  hitRatio: 0.95,
  readP95Ms: 2,
  writeP95Ms: 5,
  lockWaitP95Ms: 10,
} as const;

export interface LatencySummary {
  count: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
}

/** What happened between two metric snapshots. */
export interface FeatureStoreWindow {
  seconds: number;
  hits: number;
  misses: number;
  hitRatio: number | null;
  bySymbol: { symbol: string; hits: number; misses: number }[];
  errors: Record<string, number>;
  warms: Record<string, number>;
  latency: Record<LatencyName, LatencySummary>;
}

export function diffSnapshots(
  now: FeatureStoreMetricsSnapshot,
  base: FeatureStoreMetricsSnapshot,
): FeatureStoreWindow {
  const symbols = new Set([...now.hits.keys(), ...now.misses.keys()]);
  const bySymbol = [...symbols].map((symbol) => ({
    symbol,
    hits: delta(now.hits.get(symbol), base.hits.get(symbol)),
    misses: delta(now.misses.get(symbol), base.misses.get(symbol)),
  }));
  const hits = bySymbol.reduce((sum, s) => sum + s.hits, 0);
  const misses = bySymbol.reduce((sum, s) => sum + s.misses, 0);
  const latency = Object.fromEntries(
    (Object.keys(now.latency) as LatencyName[]).map((name) => [
      name,
      summarize(now.latency[name], base.latency[name]),
    ]),
  ) as Record<LatencyName, LatencySummary>;
  return {
    seconds: Math.max(0, (now.at - base.at) / 1000),
    hits,
    misses,
    hitRatio: hits + misses === 0 ? null : hits / (hits + misses),
    bySymbol: bySymbol.filter((s) => s.hits + s.misses > 0),
    errors: deltas(now.errors, base.errors),
    warms: deltas(now.warms, base.warms),
    latency,
  };
}

function summarize(now: HistogramCounts, base: HistogramCounts): LatencySummary {
  const cumulative = now.buckets.map((count, i) => count - base.buckets[i]);
  const count = now.count - base.count;
  const ms = (q: number) => {
    const seconds = histogramQuantile(q, LATENCY_BUCKETS, cumulative, count);
    return seconds === null ? null : round(seconds * 1000);
  };
  return { count, p50_ms: ms(0.5), p95_ms: ms(0.95), p99_ms: ms(0.99) };
}

function deltas(now: Record<string, number>, base: Record<string, number>) {
  return Object.fromEntries(
    Object.entries(now).map(([key, value]) => [key, delta(value, base[key])]),
  );
}

function delta(now = 0, base = 0): number {
  return now - base;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
