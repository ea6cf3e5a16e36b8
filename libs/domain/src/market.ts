/** One OHLCV bar. `timestamp` is the bar's open time in epoch milliseconds (UTC). */
export interface Candle {
  timestamp: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Consecutive bars of one pair at one timeframe (e.g. '1m', '5m', '1h', '1d'), oldest first. */
export interface CandleFrame {
  symbol: string;
  timeframe: string;
  candles: Candle[];
}
