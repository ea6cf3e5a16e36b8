import {
  InvalidInputError,
  timeframeMs,
  UnavailableError,
  type Candle,
  type CandleFrame,
  type MarketDataProvider,
  type CandlesQuery,
} from '@ffe/domain';
import * as ccxt from 'ccxt';

export interface ExchangeMarketDataOptions {
  /** Any ccxt exchange id; `coinbase` when unset. */
  exchangeId?: string;
  /** Pairs served, as we write them: BTCUSD, ETHEUR, SOLUSDT. */
  pairs: string[];
  /** Replaces the exchange's REST origin (a proxy or a local replay server). */
  baseUrl?: string;
  timeoutMs?: number;
}

export const DEFAULT_EXCHANGE_ID = 'coinbase';

/** Quote currencies recognised at the end of a pair, longest first so USDT wins over USD. */
const QUOTES = ['USDT', 'USDC', 'FDUSD', 'BUSD', 'USD', 'EUR', 'GBP', 'JPY', 'BTC', 'ETH'];

/** BTCUSD → BTC/USD, SOLUSDT → SOL/USDT: ccxt's unified symbol for one of our pairs. */
export function exchangeSymbol(pair: string): string {
  const quote = QUOTES.find((q) => pair.length > q.length && pair.endsWith(q));
  if (quote) return `${pair.slice(0, -quote.length)}/${quote}`;
  if (pair.length === 6) return `${pair.slice(0, 3)}/${pair.slice(3)}`;
  throw new InvalidInputError(
    'PAIR.UNKNOWN',
    `asset pair ${pair} has no recognisable quote currency`,
    'asset_pair',
  );
}

/**
 * Candles from any exchange ccxt speaks (`fetchOHLCV`), Coinbase by default. Only closed bars
 * before `until` are served, oldest first; every exchange failure is an UnavailableError that
 * keeps ccxt's error as its cause.
 */
export class ExchangeMarketData implements MarketDataProvider {
  readonly name = 'exchange';
  readonly exchangeId: string;
  private readonly exchange: ccxt.Exchange;

  constructor(private readonly options: ExchangeMarketDataOptions) {
    this.exchangeId = options.exchangeId ?? DEFAULT_EXCHANGE_ID;
    const exchanges = ccxt as unknown as Record<
      string,
      new (config: Record<string, unknown>) => ccxt.Exchange
    >;
    // At run time `ccxt.exchanges` is the list of ids (its typing says otherwise).
    const ids = ccxt.exchanges as unknown as string[];
    const Exchange = ids.includes(this.exchangeId) ? exchanges[this.exchangeId] : undefined;
    if (!Exchange) {
      throw new InvalidInputError(
        'MARKET_DATA.EXCHANGE_UNKNOWN',
        `ccxt knows no exchange ${this.exchangeId}`,
        'exchange_id',
      );
    }
    this.exchange = new Exchange({ timeout: options.timeoutMs ?? 10_000 });
    if (options.baseUrl) rebaseApiUrls(this.exchange, options.baseUrl);
  }

  pairs(): string[] {
    return [...this.options.pairs];
  }

  async candles({ pair, timeframe, limit, until }: CandlesQuery): Promise<CandleFrame> {
    if (!this.options.pairs.includes(pair)) {
      throw new InvalidInputError(
        'PAIR.UNKNOWN',
        `asset pair ${pair} is not configured for ${this.exchangeId}`,
        'asset_pair',
      );
    }
    if (!this.exchange.timeframes || !(timeframe in this.exchange.timeframes)) {
      throw new InvalidInputError(
        'TIMEFRAME.UNSUPPORTED',
        `${this.exchangeId} has no ${timeframe} candles`,
        'timeframe',
      );
    }
    const symbol = exchangeSymbol(pair);
    const ms = timeframeMs(timeframe);
    const bars = Math.max(1, Math.floor(limit));
    // One extra bar: the one still open at `until` is dropped below.
    const since = Math.floor(until / ms) * ms - bars * ms;
    let rows: ccxt.OHLCV[];
    try {
      rows = await this.exchange.fetchOHLCV(symbol, timeframe, since, bars + 1);
    } catch (error) {
      const throttled =
        error instanceof ccxt.RateLimitExceeded || error instanceof ccxt.DDoSProtection;
      throw new UnavailableError(
        `MARKET_DATA.${throttled ? 'THROTTLED' : 'EXCHANGE'}`,
        `exchange ${this.exchangeId}: ${symbol} ${timeframe} candles failed (${(error as Error).name})`,
        { cause: error },
      );
    }
    const candles = rows
      .map(toCandle)
      .filter((c): c is Candle => c !== undefined && c.timestamp + ms <= until)
      .sort((a, b) => a.timestamp - b.timestamp);
    if (candles.length === 0) {
      throw new UnavailableError(
        'MARKET_DATA.NO_BARS',
        `exchange ${this.exchangeId}: no closed ${timeframe} bar of ${pair} before ${new Date(until).toISOString()}`,
      );
    }
    return { symbol: pair, timeframe, candles: candles.slice(-bars) };
  }
}

function toCandle(row: ccxt.OHLCV): Candle | undefined {
  const [timestamp, open, high, low, close, volume] = row;
  const values = [timestamp, open, high, low, close];
  if (values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) return undefined;
  return {
    timestamp: timestamp as number,
    open: open as number,
    high: high as number,
    low: low as number,
    close: close as number,
    volume: typeof volume === 'number' && Number.isFinite(volume) ? volume : 0,
  };
}

/** Points every REST entry of a ccxt exchange at `baseUrl`, keeping each entry's path. */
export function rebaseApiUrls(exchange: ccxt.Exchange, baseUrl: string): void {
  const base = baseUrl.replace(/\/+$/, '');
  const rebase = (node: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && /^https?:\/\//.test(value)) {
        const url = new URL(value);
        node[key] = `${base}${url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '')}`;
      } else if (value && typeof value === 'object') {
        rebase(value as Record<string, unknown>);
      }
    }
  };
  rebase(exchange.urls.api as unknown as Record<string, unknown>);
}
