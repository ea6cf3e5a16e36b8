import { InvalidInputError } from '../errors';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Timeframes we accept, short to long. Seconds are there for demos and tests. */
export const TIMEFRAMES = ['1s', '5s', '15s', '30s', '1m', '5m', '15m', '1h', '4h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

/** '5m' → 300000. */
export function timeframeMs(timeframe: string): number {
  const match = /^(\d+)([smhd])$/.exec(timeframe);
  if (!match) throw new InvalidInputError('TIMEFRAME.INVALID', `bad timeframe ${timeframe}`);
  return Number(match[1]) * UNIT_MS[match[2]];
}

/** Open time of the bar that contains `at`. */
export function barOpen(at: number, timeframe: string): number {
  const ms = timeframeMs(timeframe);
  return Math.floor(at / ms) * ms;
}
