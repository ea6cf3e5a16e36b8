import { healthExitCode } from './commands/health.command';
import { ExitCode } from './exit-codes';
import { duration, fraction, money, percent, pnl } from './format';
import { distributionText, keyFigures } from './metrics-summary';

describe('formatting', () => {
  it('formats money, signed P&L and percentages', () => {
    expect(money(10_000)).toBe('$10,000.00');
    expect(money(null)).toBe('-');
    expect(pnl(12.5)).toContain('+$12.50');
    expect(pnl(-3)).toContain('-$3.00');
    expect(percent(2)).toBe('2.00%');
    expect(fraction(0.05)).toBe('5.00%');
    expect(duration(3_725)).toBe('1h 2m 5s');
  });
});

describe('health check exit codes', () => {
  it('maps healthy 0, degraded 1, unhealthy 2', () => {
    expect(healthExitCode('healthy')).toBe(ExitCode.ok);
    expect(healthExitCode('degraded')).toBe(1);
    expect(healthExitCode('unhealthy')).toBe(2);
    expect(healthExitCode('something-else')).toBe(2);
  });
});

describe('metrics summary', () => {
  const text = [
    '# HELP ffe_agent_state Bot state',
    '# TYPE ffe_agent_state gauge',
    'ffe_agent_state 2',
    '# HELP featurestore_hits_total Hits',
    '# TYPE featurestore_hits_total counter',
    'featurestore_hits_total{symbol="BTCUSD"} 3',
    '# HELP featurestore_read_duration_seconds Reads',
    '# TYPE featurestore_read_duration_seconds histogram',
    'featurestore_read_duration_seconds_bucket{le="0.01"} 3',
    'featurestore_read_duration_seconds_bucket{le="+Inf"} 4',
    'featurestore_read_duration_seconds_sum 0.02',
    'featurestore_read_duration_seconds_count 4',
    '# HELP process_cpu_seconds_total CPU',
    '# TYPE process_cpu_seconds_total counter',
    'process_cpu_seconds_total 1.5',
    '',
  ].join('\n');

  it('keeps the ffe_* and featurestore_* families, values as numbers', () => {
    const families = keyFigures(text);
    expect(families.map((f) => f.name)).toEqual([
      'ffe_agent_state',
      'featurestore_hits_total',
      'featurestore_read_duration_seconds',
    ]);
    expect(families[1]).toMatchObject({
      type: 'counter',
      series: [{ labels: { symbol: 'BTCUSD' }, value: 3 }],
    });
    const histogram = families[2].series[0];
    expect(histogram).toMatchObject({ value: null, count: 4, sum: 0.02 });
    expect(distributionText(histogram)).toBe('count 4, mean 0.005');
    expect(keyFigures(text, true)).toHaveLength(4);
  });
});
