import { HealthStatus } from '@ffe/contracts';
import { recommendations } from './feature-store-recommendations';
import type { FeatureStoreWindow, LatencySummary } from './feature-store-window';

const latency = (p95: number | null): LatencySummary => ({
  count: p95 === null ? 0 : 100,
  p50_ms: p95,
  p95_ms: p95,
  p99_ms: p95,
});

function window(overrides: Partial<FeatureStoreWindow> = {}): FeatureStoreWindow {
  return {
    seconds: 300,
    hits: 990,
    misses: 10,
    hitRatio: 0.99,
    bySymbol: [
      { symbol: 'BTCUSD', hits: 500, misses: 2 },
      { symbol: 'ETHUSD', hits: 490, misses: 8 },
    ],
    errors: { read: 0, write: 0 },
    warms: { computed: 0, cached: 0, failed: 0 },
    latency: {
      read: latency(0.4),
      write: latency(1),
      lockAcquire: latency(0.3),
      lockWait: latency(null),
      compute: latency(3),
    },
    ...overrides,
  };
}

const healthy = { status: HealthStatus.healthy, detail: 'PING 0.2 ms' };
const l1 = { entries: 10, bytes: 1_000, maxBytes: 64 * 1024 * 1024 };

describe('feature-store recommendations', () => {
  it('says nothing needs changing when every SLO is met', () => {
    expect(recommendations({ window: window(), health: healthy, l1 })).toEqual([
      'Every feature-store SLO is met: nothing to change.',
    ]);
  });

  it('says there is nothing to judge without traffic', () => {
    const idle = window({ hits: 0, misses: 0, hitRatio: null, bySymbol: [] });
    expect(recommendations({ window: idle, health: healthy, l1 })).toEqual([
      'No feature requests in the window: nothing to judge yet.',
    ]);
  });

  it('names the most-missed symbols to warm when the hit ratio is below the SLO', () => {
    const [advice] = recommendations({ window: window({ hitRatio: 0.9 }), health: healthy, l1 });
    expect(advice).toMatch(/Hit ratio 90.0 % is below the 95.0 % SLO/);
    expect(advice).toContain('{"symbols": ["ETHUSD","BTCUSD"]}');
  });

  it('points at Redis when operations fail or the store is degraded', () => {
    const [advice] = recommendations({
      window: window({ errors: { read: 7, write: 0 } }),
      health: { status: HealthStatus.degraded, detail: 'Redis unreachable' },
      l1,
    });
    expect(advice).toMatch(/Redis trouble \(Redis unreachable; failed operations: read 7\)/);
  });

  it('flags each latency SLO past its threshold with what to look at', () => {
    const slow = window({
      latency: {
        read: latency(3),
        write: latency(6),
        lockAcquire: latency(1),
        lockWait: latency(25),
        compute: latency(40),
      },
    });
    const advice = recommendations({ window: slow, health: healthy, l1: { ...l1, maxBytes: 0 } });
    expect(advice).toHaveLength(3);
    expect(advice[0]).toMatch(/Read p95 3 ms exceeds 2 ms.*turn on the in-process cache/);
    expect(advice[1]).toMatch(/Write p95 6 ms exceeds 5 ms/);
    expect(advice[2]).toMatch(/Lock wait p95 25 ms exceeds 10 ms.*compute p95 40 ms/);
  });
});
