import type { Candle, CandleFrame, FeatureFrame } from '@ffe/domain';

/**
 * Synthetic inputs for the load test endpoint, the benchmarks and the tests: the payload sizes
 * of the trading cycle (500 bars × 6 fields in, 13 feature columns out) without a market.
 */

/** Deterministic candles (a seeded random walk) — the same seed gives the same frame anywhere. */
export function syntheticCandles(
  symbol: string,
  bars = 500,
  seed = 1,
  timeframe = '1m',
): CandleFrame {
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const candles: Candle[] = [];
  let close = 100;
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < bars; i++) {
    const open = close;
    close = open * (1 + (random() - 0.5) * 0.01);
    candles.push({
      timestamp: start + i * 60_000,
      open,
      high: Math.max(open, close) * (1 + random() * 0.002),
      low: Math.min(open, close) * (1 - random() * 0.002),
      close,
      volume: 1_000 + random() * 500,
    });
  }
  return { symbol, timeframe, candles };
}

/**
 * A 13-column feature frame (the size the trading cycle uses), computed in plain loops: enough
 * real work to be a fair "compute", independent of any indicator library.
 */
export function syntheticFeatures(frame: CandleFrame): FeatureFrame {
  const n = frame.candles.length;
  const close = Float64Array.from(frame.candles, (c) => c.close);
  const volume = Float64Array.from(frame.candles, (c) => c.volume);
  const range = Float64Array.from(frame.candles, (c) => c.high - c.low);
  const returns = new Float64Array(n).fill(NaN);
  for (let i = 1; i < n; i++) returns[i] = close[i] / close[i - 1] - 1;
  const ema12 = ema(close, 12);
  const ema26 = ema(close, 26);
  const macd = ema12.map((v, i) => v - ema26[i]);
  const sma20 = sma(close, 20);
  const sd20 = rollingStd(close, 20);
  return {
    length: n,
    columns: {
      close,
      returns,
      sma_10: sma(close, 10),
      sma_20: sma20,
      ema_12: ema12,
      ema_26: ema26,
      macd,
      macd_signal: ema(macd, 9),
      rsi_14: rsi(close, 14),
      bb_upper: sma20.map((v, i) => v + 2 * sd20[i]),
      bb_lower: sma20.map((v, i) => v - 2 * sd20[i]),
      atr_14: sma(range, 14),
      volume_sma_20: sma(volume, 20),
    },
  };
}

function sma(values: Float64Array, period: number): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (i >= period) sum -= values[i - period];
    if (i >= period - 1) out[i] = sum / period;
  }
  return out;
}

function ema(values: Float64Array, period: number): Float64Array {
  const out = new Float64Array(values.length);
  const k = 2 / (period + 1);
  let previous = values[0];
  for (let i = 0; i < values.length; i++)
    out[i] = previous = i === 0 ? values[0] : values[i] * k + previous * (1 - k);
  return out;
}

function rollingStd(values: Float64Array, period: number): Float64Array {
  const mean = sma(values, period);
  const out = new Float64Array(values.length).fill(NaN);
  for (let i = period - 1; i < values.length; i++) {
    let squares = 0;
    for (let j = i - period + 1; j <= i; j++) squares += (values[j] - mean[i]) ** 2;
    out[i] = Math.sqrt(squares / period);
  }
  return out;
}

function rsi(values: Float64Array, period: number): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  let gain = 0;
  let loss = 0;
  for (let i = 1; i < values.length; i++) {
    const change = values[i] - values[i - 1];
    const up = Math.max(change, 0);
    const down = Math.max(-change, 0);
    if (i <= period) {
      gain += up / period;
      loss += down / period;
    } else {
      gain = (gain * (period - 1) + up) / period;
      loss = (loss * (period - 1) + down) / period;
    }
    if (i >= period) out[i] = loss === 0 ? 100 : 100 - 100 / (1 + gain / loss);
  }
  return out;
}
