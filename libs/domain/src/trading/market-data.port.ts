import type { CandleFrame } from '../market';

/** Which bars to read: the last `limit` bars of `pair` at `timeframe` opened before `until`. */
export interface CandlesQuery {
  pair: string;
  timeframe: string;
  limit: number;
  /** Epoch milliseconds. */
  until: number;
}

/** Where candles come from (a simulated market, a CSV replay, an exchange). */
export interface MarketDataProvider {
  readonly name: string;
  /** Pairs this source can serve, as the design writes them (BTCUSD). */
  pairs(): string[];
  /**
   * The last `limit` closed bars of `pair` at `timeframe` whose open time is before `until`
   * (epoch ms). Throws InvalidInputError (field `asset_pair`) for a pair it does not know.
   */
  candles(params: CandlesQuery): Promise<CandleFrame>;
}
