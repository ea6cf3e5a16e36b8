import { metricNames, rawMetricNames } from './support/promql-names';

describe('metric names in PromQL', () => {
  it('finds selectors and skips functions, keywords, labels, ranges and strings', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le, provider) (rate(ffe_decision_latency_seconds_bucket{status!="x_total"}[5m]))) > 10 and on() featurestore_hits_total offset 4h == bool 1',
      ),
    ).toEqual(['featurestore_hits_total', 'ffe_decision_latency_seconds_bucket']);
    expect(metricNames('count(ALERTS{alertstate="firing"}) or vector(0)')).toEqual(['ALERTS']);
    expect(metricNames('time() - process_start_time_seconds{job="ffe-api"}')).toEqual([
      'process_start_time_seconds',
    ]);
    expect(metricNames('featurestore:miss_ratio:rate1h / 0.05 > 1e3')).toEqual([
      'featurestore:miss_ratio:rate1h',
    ]);
  });

  it('expands recorded names to the raw metrics they are computed from', () => {
    const recordings = new Map([
      ['a:ratio', 'sum(rate(hits_total[5m])) / b:rate'],
      ['b:rate', 'sum(rate(misses_total[5m]))'],
    ]);
    expect(rawMetricNames('a:ratio < 0.9 and up', recordings)).toEqual([
      'hits_total',
      'misses_total',
      'up',
    ]);
  });
});
