import { timeframeMs } from './timeframe';

/** The most a cycle waits after a bar close: a live source has published the bar by then. */
export const MAX_CYCLE_SETTLE_MS = 5_000;

/**
 * When cycles and their warms run, relative to the epoch-aligned grid of the interval: a cycle
 * at `k·interval + cycleOffsetMs`, the warm of its features at `k·interval + warmOffsetMs`.
 *
 * Both offsets are below the gcd of the interval and the bar, so no bar closes between a warm
 * tick and its cycle: the warm (run after the last bar the cycle reads has closed) computes the
 * very frame the cycle asks for, and has `cycleOffsetMs - warmOffsetMs` to land before it.
 */
export interface CycleGrid {
  intervalMs: number;
  cycleOffsetMs: number;
  warmOffsetMs: number;
}

export function cycleGrid(intervalMs: number, timeframe: string): CycleGrid {
  const step = gcd(intervalMs, timeframeMs(timeframe));
  const cycleOffsetMs = Math.min(MAX_CYCLE_SETTLE_MS, Math.floor(step / 2));
  // Half the settle for the source to publish the closed bar, half for the warm to compute.
  return { intervalMs, cycleOffsetMs, warmOffsetMs: Math.floor(cycleOffsetMs / 2) };
}

/** The cycle a warm tick due at `warmAt` prepares: the next cycle on the grid. */
export function cycleWarmedBy(grid: CycleGrid, warmAt: number): number {
  return warmAt - grid.warmOffsetMs + grid.cycleOffsetMs;
}

/** The open time of the last closed bar a cycle at `at` reads (bars opened before `at` and closed). */
export function lastClosedBarOpen(at: number, timeframe: string): number {
  const ms = timeframeMs(timeframe);
  return (Math.floor(at / ms) - 1) * ms;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
