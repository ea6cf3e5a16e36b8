import { InvalidInputError, type Candle } from '@ffe/domain';

/** Currencies Alpha Vantage's FX endpoints know; a pair of two of them is an FX pair. */
const FIAT = new Set([
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'CHF',
  'AUD',
  'CAD',
  'NZD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'TRY',
  'ZAR',
  'MXN',
  'SGD',
  'HKD',
  'CNY',
  'INR',
  'KRW',
  'BRL',
]);

/** How one of our pairs is asked for: its kind and the query parameters naming it. */
export interface AlphaVantageSymbol {
  kind: 'fx' | 'crypto' | 'equity';
  params: Record<string, string>;
}

/**
 * `EURUSD` (two fiat currencies) is FX, `BTCUSD` (anything else quoted in a fiat currency) is
 * crypto, and a pair without a fiat quote (`IBM`, `AAPL`) is an equity ticker.
 */
export function alphaVantageSymbol(pair: string): AlphaVantageSymbol {
  const base = pair.slice(0, -3);
  const quote = pair.slice(-3);
  if (base.length >= 2 && FIAT.has(quote)) {
    return FIAT.has(base)
      ? { kind: 'fx', params: { from_symbol: base, to_symbol: quote } }
      : { kind: 'crypto', params: { symbol: base, market: quote } };
  }
  return { kind: 'equity', params: { symbol: pair } };
}

const INTERVALS: Record<string, string> = {
  '1m': '1min',
  '5m': '5min',
  '15m': '15min',
  '30m': '30min',
  '1h': '60min',
};

/** The API function and interval for a pair kind and one of our timeframes. */
export function alphaVantageFunction(
  kind: AlphaVantageSymbol['kind'],
  timeframe: string,
): { function: string; interval?: string } {
  if (timeframe === '1d') {
    const daily = { fx: 'FX_DAILY', crypto: 'DIGITAL_CURRENCY_DAILY', equity: 'TIME_SERIES_DAILY' };
    return { function: daily[kind] };
  }
  const interval = INTERVALS[timeframe];
  if (!interval) {
    throw new InvalidInputError(
      'TIMEFRAME.UNSUPPORTED',
      `Alpha Vantage has no ${timeframe} bars (use 1m, 5m, 15m, 30m, 1h or 1d)`,
      'timeframe',
    );
  }
  const intraday = { fx: 'FX_INTRADAY', crypto: 'CRYPTO_INTRADAY', equity: 'TIME_SERIES_INTRADAY' };
  return { function: intraday[kind], interval };
}

/**
 * The bars of a time-series answer, oldest first. The series is the one object whose key starts
 * with "Time Series"; timestamps are read in the zone the metadata names (equities are
 * US/Eastern, FX and crypto UTC); daily bars open at 00:00 UTC of their date.
 */
export function parseAlphaVantageSeries(body: Record<string, unknown>): Candle[] {
  const seriesKey = Object.keys(body).find((key) => key.startsWith('Time Series'));
  const series = seriesKey ? body[seriesKey] : undefined;
  if (!series || typeof series !== 'object') {
    throw new Error(`no time series in the answer (keys: ${Object.keys(body).join(', ')})`);
  }
  const meta = (body['Meta Data'] ?? {}) as Record<string, string>;
  const zoneKey = Object.keys(meta).find((key) => /time zone/i.test(key));
  const zone = zoneKey ? meta[zoneKey] : 'UTC';
  const candles = Object.entries(series as Record<string, Record<string, string>>).map(
    ([time, bar]) => ({
      timestamp: parseTime(time, zone),
      open: field(bar, 'open', time),
      high: field(bar, 'high', time),
      low: field(bar, 'low', time),
      close: field(bar, 'close', time),
      volume: optionalField(bar, 'volume'),
    }),
  );
  return candles.sort((a, b) => a.timestamp - b.timestamp);
}

/** "1. open", or "1a. open (USD)" in the older digital-currency answers. */
function findValue(bar: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(bar).find((k) => new RegExp(`^\\d+[a-z]?\\. ${name}\\b`).test(k));
  return key === undefined ? undefined : bar[key];
}

function field(bar: Record<string, string>, name: string, time: string): number {
  const value = Number(findValue(bar, name));
  if (!Number.isFinite(value)) throw new Error(`bar ${time} has no numeric ${name}`);
  return value;
}

function optionalField(bar: Record<string, string>, name: string): number {
  const value = Number(findValue(bar, name) ?? 0);
  return Number.isFinite(value) ? value : 0;
}

function parseTime(text: string, zone: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!match) throw new Error(`unreadable bar time ${text}`);
  const [, y, mo, d, h, mi, s] = match;
  const wall = Date.UTC(+y, +mo - 1, +d, +(h ?? 0), +(mi ?? 0), +(s ?? 0));
  if (h === undefined || /^utc$/i.test(zone)) return wall;
  return wall - zoneOffsetMs(wall - zoneOffsetMs(wall, zone), zone);
}

/** How far `zone`'s wall clock is ahead of UTC at `at`. */
function zoneOffsetMs(at: number, zone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(
    +parts.year,
    +parts.month - 1,
    +parts.day,
    +parts.hour,
    +parts.minute,
    +parts.second,
  );
  return wall - Math.floor(at / 1_000) * 1_000;
}
