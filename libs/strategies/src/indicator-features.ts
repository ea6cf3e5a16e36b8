import type { CandleFrame, FeatureConfig, FeatureFrame, FeatureStore } from '@ffe/domain';
import { EMA, MACD, RSI, SMA } from 'trading-signals';

/**
 * The one feature set every technical provider reads: computed once per pair and frame,
 * through the feature store, and shared. Bump `version` when a computation changes.
 */
export const INDICATOR_CONFIG = {
  version: 1,
  sma_fast: 10,
  sma_slow: 30,
  ema_fast: 12,
  ema_slow: 26,
  rsi: 14,
  macd_signal: 9,
} as const;

export type IndicatorConfig = typeof INDICATOR_CONFIG;

/** Bars a frame needs for every indicator to be defined at its last bar. */
export const MIN_BARS = INDICATOR_CONFIG.ema_slow + INDICATOR_CONFIG.macd_signal + 5;

/** Computes the columns with trading-signals; NaN where an indicator is not yet defined. */
export async function computeIndicators(
  frame: CandleFrame,
  featureConfig: FeatureConfig,
): Promise<FeatureFrame> {
  const c = featureConfig as unknown as IndicatorConfig;
  const n = frame.candles.length;
  const columns = {
    close: new Float64Array(n),
    sma_fast: new Float64Array(n).fill(Number.NaN),
    sma_slow: new Float64Array(n).fill(Number.NaN),
    ema_fast: new Float64Array(n).fill(Number.NaN),
    ema_slow: new Float64Array(n).fill(Number.NaN),
    rsi: new Float64Array(n).fill(Number.NaN),
    macd: new Float64Array(n).fill(Number.NaN),
    macd_signal: new Float64Array(n).fill(Number.NaN),
    macd_histogram: new Float64Array(n).fill(Number.NaN),
  };
  const smaFast = new SMA(c.sma_fast);
  const smaSlow = new SMA(c.sma_slow);
  const emaFast = new EMA(c.ema_fast);
  const emaSlow = new EMA(c.ema_slow);
  const rsi = new RSI(c.rsi);
  const macd = new MACD(new EMA(c.ema_fast), new EMA(c.ema_slow), new EMA(c.macd_signal));
  frame.candles.forEach((candle, i) => {
    const price = candle.close;
    columns.close[i] = price;
    columns.sma_fast[i] = smaFast.update(price, false) ?? Number.NaN;
    columns.sma_slow[i] = smaSlow.update(price, false) ?? Number.NaN;
    emaFast.update(price, false);
    emaSlow.update(price, false);
    if (emaFast.isStable) columns.ema_fast[i] = emaFast.getResultOrThrow();
    if (emaSlow.isStable) columns.ema_slow[i] = emaSlow.getResultOrThrow();
    columns.rsi[i] = rsi.update(price, false) ?? Number.NaN;
    const m = macd.update(price, false);
    if (m) {
      columns.macd[i] = m.macd;
      columns.macd_signal[i] = m.signal;
      columns.macd_histogram[i] = m.histogram;
    }
  });
  return { length: n, columns };
}

/** The indicators of a frame, from the cache when they were computed before. */
export function indicatorsFor(store: FeatureStore, frame: CandleFrame): Promise<FeatureFrame> {
  return store.getOrCompute(frame.symbol, frame, { ...INDICATOR_CONFIG }, computeIndicators);
}

/** The last two values of a column (previous, current). */
export function lastTwo(features: FeatureFrame, column: string): [number, number] {
  const values = features.columns[column];
  if (!values || values.length < 2) return [Number.NaN, Number.NaN];
  return [values[values.length - 2], values[values.length - 1]];
}
