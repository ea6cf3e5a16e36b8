import { histogramQuantile } from './histogram-quantile';

describe('histogramQuantile (PromQL semantics)', () => {
  const bounds = [0.001, 0.002, 0.005, 0.01];

  it('interpolates inside the bucket the rank falls in', () => {
    // 100 observations: 50 ≤ 1 ms, 90 ≤ 2 ms, 100 ≤ 5 ms.
    expect(histogramQuantile(0.5, bounds, [50, 90, 100, 100], 100)).toBeCloseTo(0.001);
    expect(histogramQuantile(0.7, bounds, [50, 90, 100, 100], 100)).toBeCloseTo(0.0015);
    expect(histogramQuantile(0.95, bounds, [50, 90, 100, 100], 100)).toBeCloseTo(0.0035);
  });

  it('answers the highest finite bound past the last bucket, and null with no data', () => {
    expect(histogramQuantile(0.99, bounds, [0, 0, 0, 10], 100)).toBe(0.01);
    expect(histogramQuantile(0.95, bounds, [0, 0, 0, 0], 0)).toBeNull();
  });
});
