import { cycleGrid, cycleWarmedBy, lastClosedBarOpen } from './cycle-grid';
import { timeframeMs } from './timeframe';

describe('cycleGrid', () => {
  it('runs the default cycle 5 s after each minute bar closes, its warm 2.5 s after', () => {
    expect(cycleGrid(60_000, '1m')).toEqual({
      intervalMs: 60_000,
      cycleOffsetMs: 5_000,
      warmOffsetMs: 2_500,
    });
  });

  it('stays inside the shortest step between a cycle and a bar close', () => {
    expect(cycleGrid(1_000, '1s').cycleOffsetMs).toBe(500);
    expect(cycleGrid(90_000, '1m').cycleOffsetMs).toBe(5_000);
    expect(cycleGrid(2_000, '5s').cycleOffsetMs).toBe(500);
  });

  // The property the warm relies on: the frame the cycle reads is closed before the warm tick.
  it.each([
    [60_000, '1m'],
    [1_000, '1s'],
    [2_000, '5s'],
    [90_000, '1m'],
    [60_000, '5m'],
    [300_000, '1m'],
    [60_000, '1h'],
  ])('every %i ms on %s bars: the cycle reads bars closed before its warm tick', (interval, tf) => {
    const grid = cycleGrid(interval, tf);
    const ms = timeframeMs(tf);
    for (let k = 1_000; k < 1_200; k++) {
      const warmAt = k * interval + grid.warmOffsetMs;
      const cycleAt = cycleWarmedBy(grid, warmAt);
      expect(cycleAt).toBe(k * interval + grid.cycleOffsetMs);
      const lastClose = lastClosedBarOpen(cycleAt, tf) + ms;
      expect(lastClose).toBeLessThanOrEqual(warmAt - grid.warmOffsetMs);
      // And the warm reading at `cycleAt` sees no bar the cycle would not: none closes between.
      expect(lastClosedBarOpen(warmAt, tf)).toBe(lastClosedBarOpen(cycleAt, tf));
    }
  });
});
