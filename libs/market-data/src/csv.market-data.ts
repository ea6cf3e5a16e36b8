import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  InvalidInputError,
  timeframeMs,
  type Candle,
  type CandleFrame,
  type MarketDataProvider,
  type CandlesQuery,
} from '@ffe/domain';
import { parseCandlesCsv } from './csv-parse';

interface Series {
  candles: Candle[];
  stepMs: number;
}

/**
 * Replays candles a user supplies: one file per pair, `<PAIR>.csv`, in `directory`. The file
 * is played in a loop aligned to the clock — bar `n` of the timeframe (counted from the epoch)
 * is row `n mod rows`, re-stamped to its bar time — so every replica sees the same bar at the
 * same time and the replay advances as the clock does. Files load once, at construction.
 */
export class CsvMarketData implements MarketDataProvider {
  readonly name = 'csv';
  private readonly series = new Map<string, Series>();

  constructor(directory: string) {
    for (const file of readdirSync(directory)) {
      const match = /^([A-Z0-9]+)\.csv$/i.exec(file);
      if (!match) continue;
      const candles = parseCandlesCsv(readFileSync(join(directory, file), 'utf8'), file);
      if (candles.length < 2) throw new Error(`${file}: needs at least two candles`);
      this.series.set(match[1].toUpperCase(), {
        candles,
        stepMs: candles[1].timestamp - candles[0].timestamp,
      });
    }
  }

  pairs(): string[] {
    return [...this.series.keys()];
  }

  async candles({ pair, timeframe, limit, until }: CandlesQuery): Promise<CandleFrame> {
    const series = this.series.get(pair);
    if (!series) {
      throw new InvalidInputError(
        'PAIR.UNKNOWN',
        `no CSV file for asset pair ${pair}`,
        'asset_pair',
      );
    }
    const ms = timeframeMs(timeframe);
    if (ms !== series.stepMs) {
      throw new InvalidInputError(
        'TIMEFRAME.MISMATCH',
        `the CSV for ${pair} has ${series.stepMs} ms bars, not ${timeframe}`,
        'timeframe',
      );
    }
    const rows = series.candles.length;
    const last = Math.floor(until / ms) - 1;
    const count = Math.max(1, Math.min(Math.floor(limit), rows));
    const candles: Candle[] = [];
    for (let n = last - count + 1; n <= last; n++) {
      const row = series.candles[((n % rows) + rows) % rows];
      candles.push({ ...row, timestamp: n * ms });
    }
    return { symbol: pair, timeframe, candles };
  }
}
