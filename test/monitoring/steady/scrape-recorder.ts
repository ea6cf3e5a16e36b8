/** One scrape: every sample of the wanted families, by its full series text (name{labels}). */
export type Scrape = Map<string, number>;

/** The families the feature-store rules read. */
const FAMILIES =
  /^(featurestore_(hits_total|misses_total|(read|write|lock_wait)_duration_seconds_(bucket|count|sum)))(\{[^}]*\})? (\S+)$/;

export function parseScrape(text: string): Scrape {
  const scrape: Scrape = new Map();
  for (const line of text.split('\n')) {
    const match = FAMILIES.exec(line);
    if (match) scrape.set(`${match[1]}${match[5] ?? '{}'}`, Number(match[6]));
  }
  return scrape;
}

/** Sum of a family's samples in a scrape (every symbol). */
export function total(scrape: Scrape, family: string): number {
  let sum = 0;
  for (const [series, value] of scrape) if (series.startsWith(`${family}{`)) sum += value;
  return sum;
}

/**
 * A promtool `input_series` block of the scrapes, one scrape per `interval`: a series absent
 * from a scrape (not yet served) is `_`, as Prometheus would have no sample.
 */
export function inputSeries(scrapes: Scrape[]): { series: string; values: string }[] {
  const names = [...new Set(scrapes.flatMap((s) => [...s.keys()]))].sort();
  return names.map((series) => ({
    series,
    values: scrapes.map((s) => (s.has(series) ? String(s.get(series)) : '_')).join(' '),
  }));
}
