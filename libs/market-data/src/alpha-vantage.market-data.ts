import {
  InvalidInputError,
  timeframeMs,
  UnavailableError,
  type Candle,
  type CandleFrame,
  type MarketDataProvider,
  type CandlesQuery,
} from '@ffe/domain';
import {
  alphaVantageFunction,
  alphaVantageSymbol,
  parseAlphaVantageSeries,
} from './alpha-vantage-parse';

/**
 * Grants one outbound call: waits while the budget is spent (a limiter shared by every replica)
 * and throws when no permit comes within its own bound.
 */
export interface CallPermits {
  acquire(): Promise<void>;
}

export interface AlphaVantageOptions {
  apiKey: string;
  /** Pairs served, as we write them: EURUSD (FX), BTCUSD (crypto), IBM (equity). */
  pairs: string[];
  baseUrl?: string;
  timeoutMs?: number;
  /** How long an answer is reused; default: one bar of the timeframe asked for. */
  cacheTtlMs?: number;
  now?: () => number;
  /** The service's call budget; cached answers need none. */
  permits?: CallPermits;
}

export const ALPHA_VANTAGE_BASE_URL = 'https://www.alphavantage.co';

/** Bars in a "compact" answer; more needs outputsize=full. */
const COMPACT_BARS = 100;

interface CacheEntry {
  at: number;
  full: boolean;
  candles: Promise<Candle[]>;
}

/**
 * Candles from Alpha Vantage (FX, crypto and equities, intraday and daily). Answers are cached
 * per series for one bar (the free tier allows a few calls a minute), concurrent asks for the
 * same series share one request, and the throttle answers ("Note", "Information") and
 * "Error Message" bodies are errors, never data. The API key never appears in an error.
 */
export class AlphaVantageMarketData implements MarketDataProvider {
  readonly name = 'alpha-vantage';
  private readonly cache = new Map<string, CacheEntry>();
  private readonly baseUrl: string;
  private readonly now: () => number;

  constructor(private readonly options: AlphaVantageOptions) {
    this.baseUrl = (options.baseUrl ?? ALPHA_VANTAGE_BASE_URL).replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
  }

  pairs(): string[] {
    return [...this.options.pairs];
  }

  async candles({ pair, timeframe, limit, until }: CandlesQuery): Promise<CandleFrame> {
    if (!this.options.pairs.includes(pair)) {
      throw new InvalidInputError(
        'PAIR.UNKNOWN',
        `asset pair ${pair} is not configured for Alpha Vantage`,
        'asset_pair',
      );
    }
    const symbol = alphaVantageSymbol(pair);
    const fn = alphaVantageFunction(symbol.kind, timeframe);
    const ms = timeframeMs(timeframe);
    const query: Record<string, string> = {
      function: fn.function,
      ...symbol.params,
      ...(fn.interval ? { interval: fn.interval } : {}),
    };
    const all = await this.series(query, limit > COMPACT_BARS, this.options.cacheTtlMs ?? ms);
    const closed = all.filter((c) => c.timestamp + ms <= until);
    if (closed.length === 0) {
      throw new UnavailableError(
        'MARKET_DATA.NO_BARS',
        `alpha-vantage: no closed ${timeframe} bar of ${pair} before ${new Date(until).toISOString()}`,
      );
    }
    return { symbol: pair, timeframe, candles: closed.slice(-Math.max(1, Math.floor(limit))) };
  }

  private series(query: Record<string, string>, full: boolean, ttlMs: number): Promise<Candle[]> {
    const key = new URLSearchParams(query).toString();
    const cached = this.cache.get(key);
    if (cached && this.now() - cached.at < ttlMs && (cached.full || !full)) return cached.candles;
    const entry: CacheEntry = { at: this.now(), full, candles: this.fetchSeries(query, full) };
    this.cache.set(key, entry);
    // A failure is not remembered: the next cycle asks again.
    entry.candles.catch(() => {
      if (this.cache.get(key) === entry) this.cache.delete(key);
    });
    return entry.candles;
  }

  private async fetchSeries(query: Record<string, string>, full: boolean): Promise<Candle[]> {
    const what = `${query.function} ${query.symbol ?? `${query.from_symbol}${query.to_symbol}`}`;
    const params = new URLSearchParams({
      ...query,
      outputsize: full ? 'full' : 'compact',
      apikey: this.options.apiKey,
    });
    if (this.options.permits) {
      try {
        await this.options.permits.acquire();
      } catch (error) {
        throw unavailable('THROTTLED', `${what}: ${(error as Error).message}`);
      }
    }
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let body: unknown;
    try {
      const response = await fetch(`${this.baseUrl}/query?${params}`, {
        signal: controller.signal,
      });
      const text = await response.text();
      if (!response.ok) throw unavailable('HTTP', `${what}: HTTP ${response.status}`);
      try {
        body = JSON.parse(text);
      } catch {
        throw unavailable('INVALID', `${what}: the answer is not JSON`);
      }
    } catch (error) {
      if (error instanceof UnavailableError) throw error;
      if (controller.signal.aborted)
        throw unavailable('TIMEOUT', `${what}: no answer within ${timeoutMs} ms`);
      // The cause is kept out: undici's messages may quote the URL, and the URL holds the key.
      throw unavailable('HTTP', `${what}: request failed (${(error as Error).name})`);
    } finally {
      clearTimeout(timer);
    }
    return this.read(body, what);
  }

  private read(body: unknown, what: string): Candle[] {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw unavailable('INVALID', `${what}: the answer is not a JSON object`);
    }
    const record = body as Record<string, unknown>;
    for (const key of ['Note', 'Information']) {
      if (typeof record[key] === 'string') {
        throw unavailable('THROTTLED', `${what}: ${this.redact(record[key] as string)}`);
      }
    }
    if (typeof record['Error Message'] === 'string') {
      throw unavailable('REJECTED', `${what}: ${this.redact(record['Error Message'] as string)}`);
    }
    try {
      return parseAlphaVantageSeries(record);
    } catch (error) {
      throw unavailable('INVALID', `${what}: ${(error as Error).message}`);
    }
  }

  /** Alpha Vantage sometimes quotes the key back ("…your API key as XYZ…"). */
  private redact(message: string): string {
    return message.split(this.options.apiKey).join('***');
  }
}

function unavailable(kind: string, message: string): UnavailableError {
  return new UnavailableError(`MARKET_DATA.${kind}`, `alpha-vantage: ${message}`);
}
