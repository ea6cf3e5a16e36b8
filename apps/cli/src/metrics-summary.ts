import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/** The families an operator looks at: the engine's and the feature store's. */
export const KEY_PREFIXES = ['ffe_', 'featurestore_'];

export interface SeriesFigure {
  labels: Record<string, string>;
  /** Counters and gauges; null for histograms and summaries (see count / sum). */
  value: number | null;
  count?: number;
  sum?: number;
}

export interface FamilyFigures {
  name: string;
  type: string;
  help: string;
  series: SeriesFigure[];
}

/** Parses Prometheus text and keeps the key families, numbers as numbers. */
export function keyFigures(text: string, all = false): FamilyFigures[] {
  return parsePrometheusTextFormat(text)
    .filter((f) => all || KEY_PREFIXES.some((p) => f.name.startsWith(p)))
    .map((f) => ({
      name: f.name,
      type: f.type.toLowerCase(),
      help: f.help,
      series: f.metrics.map((m) => {
        const series: SeriesFigure = {
          labels: m.labels ?? {},
          value: m.value === undefined ? null : Number(m.value),
        };
        if (m.count !== undefined) series.count = Number(m.count);
        if (m.sum !== undefined) series.sum = Number(m.sum);
        return series;
      }),
    }));
}

export function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** "count 12, mean 0.0031" for histograms and summaries; empty otherwise. */
export function distributionText(series: SeriesFigure): string {
  if (series.count === undefined) return '';
  const mean = series.count > 0 && series.sum !== undefined ? series.sum / series.count : null;
  return `count ${series.count}${mean === null ? '' : `, mean ${Number(mean.toPrecision(4))}`}`;
}
