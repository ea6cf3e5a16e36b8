import { Injectable } from '@nestjs/common';
import {
  FeatureStoreErrorOps,
  FeatureStoreWarmResults,
  MetricNames,
  type FeatureStoreErrorOp,
  type FeatureStoreWarmResult,
} from '@ffe/contracts';
import type { FeatureStoreObserver } from '@ffe/feature-store';
import { Counter, Gauge, Histogram, register } from 'prom-client';

/** Bucket bounds in seconds; the SLO thresholds (2 ms read, 5 ms write, 10 ms lock wait) are among them. */
export const LATENCY_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
/** Past this many distinct symbols, further ones share the label `_other` (bounded cardinality). */
export const MAX_SYMBOL_LABELS = 1_000;
export const OTHER_SYMBOL = '_other';

export type LatencyName = 'read' | 'write' | 'lockAcquire' | 'lockWait' | 'compute';

/** Cumulative counts of one histogram: `buckets[i]` observations ≤ `LATENCY_BUCKETS[i]`. */
export interface HistogramCounts {
  buckets: number[];
  count: number;
  sum: number;
}

export interface FeatureStoreMetricsSnapshot {
  at: number;
  hits: Map<string, number>;
  misses: Map<string, number>;
  errors: Record<FeatureStoreErrorOp, number>;
  warms: Record<FeatureStoreWarmResult, number>;
  latency: Record<LatencyName, HistogramCounts>;
}

type Inc = { inc(value?: number): void };

/**
 * The feature store's observer bound to prom-client: `featurestore_*` exactly as the design
 * names them. Per-symbol counter children are cached, so a hit costs one increment. Keeps its
 * own totals too, for the hit-ratio gauge (computed at scrape) and the SLO endpoints.
 */
@Injectable()
export class FeatureStoreMetrics implements FeatureStoreObserver {
  private readonly hitCounter: Counter<'symbol'>;
  private readonly missCounter: Counter<'symbol'>;
  private readonly errorCounter: Counter<'op'>;
  private readonly warmCounter: Counter<'result'>;
  private readonly histograms: Record<LatencyName, Histogram>;
  private readonly hitChildren = new Map<string, Inc>();
  private readonly missChildren = new Map<string, Inc>();
  private readonly symbols = new Set<string>();
  private hits = 0;
  private misses = 0;

  constructor() {
    this.hitCounter = counter(
      MetricNames.featureStoreHitsTotal,
      'Feature requests served without computing',
      'symbol',
    );
    this.missCounter = counter(
      MetricNames.featureStoreMissesTotal,
      'Feature requests that computed',
      'symbol',
    );
    this.errorCounter = counter(
      MetricNames.featureStoreErrorsTotal,
      'Feature-store Redis operations that failed or were skipped (computed through)',
      'op',
    );
    this.warmCounter = counter(
      MetricNames.featureStoreWarmTotal,
      'Feature entries handled by warming jobs',
      'result',
    );
    for (const op of FeatureStoreErrorOps) this.errorCounter.inc({ op }, 0);
    for (const result of FeatureStoreWarmResults) this.warmCounter.inc({ result }, 0);
    const totals = () => ({ hits: this.hits, misses: this.misses });
    register.removeSingleMetric(MetricNames.featureStoreHitRatio);
    new Gauge({
      name: MetricNames.featureStoreHitRatio,
      help: 'Share of feature requests served from cache since start (NaN before the first)',
      collect() {
        const { hits, misses } = totals();
        this.set(hits + misses === 0 ? Number.NaN : hits / (hits + misses));
      },
    });
    this.histograms = {
      read: histogram(MetricNames.featureStoreReadDurationSeconds, 'Cache read from Redis (L2)'),
      write: histogram(
        MetricNames.featureStoreWriteDurationSeconds,
        'Cache write: entry and manifest insert',
      ),
      lockAcquire: histogram(
        MetricNames.featureStoreLockAcquireDurationSeconds,
        'One attempt at the compute lock',
      ),
      lockWait: histogram(
        MetricNames.featureStoreLockWaitDurationSeconds,
        "Waiting for another replica's compute",
      ),
      compute: histogram(MetricNames.featureStoreComputeDurationSeconds, 'Feature computation'),
    };
  }

  hit(symbol: string): void {
    this.hits++;
    child(this.hitChildren, this.hitCounter, this.seen(symbol)).inc();
  }

  miss(symbol: string): void {
    this.misses++;
    child(this.missChildren, this.missCounter, this.seen(symbol)).inc();
  }

  /**
   * A symbol's hit and miss series both exist from its first request, at 0 until counted:
   * with warming a symbol may never miss, and a missing miss series would drop it from every
   * `hits / (hits + misses)` in rules and panels — a perfect ratio shown as no data.
   */
  private seen(symbol: string): string {
    const label = this.label(symbol);
    if (!this.missChildren.has(label)) child(this.missChildren, this.missCounter, label).inc(0);
    if (!this.hitChildren.has(label)) child(this.hitChildren, this.hitCounter, label).inc(0);
    return label;
  }

  error(op: FeatureStoreErrorOp): void {
    this.errorCounter.inc({ op });
  }

  warm(result: FeatureStoreWarmResult): void {
    this.warmCounter.inc({ result });
  }

  readDuration(seconds: number): void {
    this.histograms.read.observe(seconds);
  }
  writeDuration(seconds: number): void {
    this.histograms.write.observe(seconds);
  }
  lockAcquireDuration(seconds: number): void {
    this.histograms.lockAcquire.observe(seconds);
  }
  lockWaitDuration(seconds: number): void {
    this.histograms.lockWait.observe(seconds);
  }
  computeDuration(seconds: number): void {
    this.histograms.compute.observe(seconds);
  }

  /** Everything counted so far (cumulative); the SLO endpoints diff two of these. */
  async snapshot(): Promise<FeatureStoreMetricsSnapshot> {
    const names = Object.keys(this.histograms) as LatencyName[];
    const [hits, misses, errors, warms, ...latency] = await Promise.all([
      byLabel(this.hitCounter, 'symbol'),
      byLabel(this.missCounter, 'symbol'),
      byLabel(this.errorCounter, 'op'),
      byLabel(this.warmCounter, 'result'),
      ...names.map((name) => counts(this.histograms[name])),
    ]);
    return {
      at: Date.now(),
      hits,
      misses,
      errors: Object.fromEntries(errors) as Record<FeatureStoreErrorOp, number>,
      warms: Object.fromEntries(warms) as Record<FeatureStoreWarmResult, number>,
      latency: Object.fromEntries(names.map((name, i) => [name, latency[i]])) as Record<
        LatencyName,
        HistogramCounts
      >,
    };
  }

  private label(symbol: string): string {
    if (this.symbols.has(symbol)) return symbol;
    if (this.symbols.size >= MAX_SYMBOL_LABELS) return OTHER_SYMBOL;
    this.symbols.add(symbol);
    return symbol;
  }
}

function counter<L extends string>(name: string, help: string, label: L): Counter<L> {
  register.removeSingleMetric(name);
  return new Counter({ name, help, labelNames: [label] });
}

function histogram(name: string, help: string): Histogram {
  register.removeSingleMetric(name);
  return new Histogram({ name, help: `${help}, seconds`, buckets: LATENCY_BUCKETS });
}

function child(cache: Map<string, Inc>, parent: Counter<'symbol'>, symbol: string): Inc {
  let found = cache.get(symbol);
  if (!found) cache.set(symbol, (found = parent.labels(symbol)));
  return found;
}

async function byLabel<L extends string>(
  metric: Counter<L>,
  label: L,
): Promise<Map<string, number>> {
  const { values } = await metric.get();
  return new Map(values.map((v) => [String(v.labels[label]), v.value]));
}

async function counts(metric: Histogram): Promise<HistogramCounts> {
  const { values } = await metric.get();
  const buckets = LATENCY_BUCKETS.map(
    (le) => values.find((v) => v.metricName?.endsWith('_bucket') && v.labels.le === le)?.value ?? 0,
  );
  const count = values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
  const sum = values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
  return { buckets, count, sum };
}
