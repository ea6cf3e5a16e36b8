import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError, type CandleFrame, type MarketDataProvider } from '@ffe/domain';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { MARKET_DATA } from '../../services/market-data/market-data.tokens';

/** Candles and last prices at the configured timeframe, through the market-data port. */
@Injectable()
export class MarketPrices {
  constructor(
    @Inject(MARKET_DATA) private readonly market: MarketDataProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 400 naming `field` for a pair the market does not know. */
  assertKnown(pairs: string[], field: string): void {
    const known = new Set(this.market.pairs());
    const unknown = pairs.filter((pair) => !known.has(pair));
    if (unknown.length > 0) {
      throw new InvalidInputError(
        'PAIR.UNKNOWN',
        `unknown asset pair ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
        field,
      );
    }
  }

  frame(pair: string, at: number): Promise<CandleFrame> {
    const { timeframe, lookbackBars } = this.config.trading;
    return this.market.candles({ pair, timeframe, limit: lookbackBars, until: at });
  }

  /** The last closed bar's close for each pair. */
  async prices(pairs: string[], at: number): Promise<Record<string, number>> {
    const { timeframe } = this.config.trading;
    const unique = [...new Set(pairs)];
    const frames = await Promise.all(
      unique.map((pair) => this.market.candles({ pair, timeframe, limit: 1, until: at })),
    );
    return Object.fromEntries(frames.map((f) => [f.symbol, f.candles[f.candles.length - 1].close]));
  }
}
