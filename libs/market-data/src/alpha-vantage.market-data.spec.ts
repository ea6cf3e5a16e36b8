import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { alphaVantageSymbol } from './alpha-vantage-parse';
import { AlphaVantageMarketData } from './alpha-vantage.market-data';
import {
  CRYPTO_INTRADAY_BTCUSD_5MIN,
  DIGITAL_CURRENCY_DAILY_BTCEUR,
  ERROR_INVALID_CALL,
  FX_DAILY_EURUSD,
  FX_INTRADAY_EURUSD_5MIN,
  INFORMATION_PREMIUM,
  informationDailyLimit,
  NOTE_CALL_FREQUENCY,
  TIME_SERIES_INTRADAY_IBM_5MIN,
} from './test/alpha-vantage-payloads';

const API_KEY = 'AVKEY7TEST0SECRET';

/** Serves recorded answers by function and symbol, as the real /query endpoint does. */
class FakeAlphaVantage {
  readonly requests: URLSearchParams[] = [];
  /** When set, every request gets this body (a throttle or error answer). */
  override?: { status: number; body: unknown } | 'hang';
  private readonly hanging: ServerResponse[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      this.requests.push(url.searchParams);
      if (this.override === 'hang') {
        this.hanging.push(res);
        return;
      }
      const { status, body } = this.override ?? answer(url.searchParams);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body, null, 4));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function answer(q: URLSearchParams): { status: number; body: unknown } {
  if (q.get('apikey') !== API_KEY) return { status: 200, body: ERROR_INVALID_CALL };
  const series: Record<string, unknown> = {
    'FX_INTRADAY EUR USD 5min': FX_INTRADAY_EURUSD_5MIN,
    'FX_DAILY EUR USD': FX_DAILY_EURUSD,
    'CRYPTO_INTRADAY BTC USD 5min': CRYPTO_INTRADAY_BTCUSD_5MIN,
    'DIGITAL_CURRENCY_DAILY BTC EUR': DIGITAL_CURRENCY_DAILY_BTCEUR,
    'TIME_SERIES_INTRADAY IBM 5min': TIME_SERIES_INTRADAY_IBM_5MIN,
  };
  const key = [
    q.get('function'),
    q.get('from_symbol') ?? q.get('symbol'),
    q.get('to_symbol') ?? q.get('market'),
    q.get('interval'),
  ]
    .filter(Boolean)
    .join(' ');
  const body = series[key];
  return body ? { status: 200, body } : { status: 200, body: ERROR_INVALID_CALL };
}

const AFTER_CLOSE = Date.UTC(2024, 0, 5, 17, 0); // the 16:55 UTC bar has just closed

describe('alphaVantageSymbol', () => {
  it('tells FX, crypto and equities apart', () => {
    expect(alphaVantageSymbol('EURUSD')).toEqual({
      kind: 'fx',
      params: { from_symbol: 'EUR', to_symbol: 'USD' },
    });
    expect(alphaVantageSymbol('BTCUSD')).toEqual({
      kind: 'crypto',
      params: { symbol: 'BTC', market: 'USD' },
    });
    expect(alphaVantageSymbol('DOGEEUR').kind).toBe('crypto');
    expect(alphaVantageSymbol('IBM')).toEqual({ kind: 'equity', params: { symbol: 'IBM' } });
  });
});

describe('AlphaVantageMarketData against a recorded /query endpoint', () => {
  const server = new FakeAlphaVantage();
  let clock = AFTER_CLOSE;
  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    server.requests.length = 0;
    server.override = undefined;
    clock = AFTER_CLOSE;
  });

  const market = (apiKey = API_KEY) =>
    new AlphaVantageMarketData({
      apiKey,
      baseUrl: server.url,
      pairs: ['EURUSD', 'BTCUSD', 'BTCEUR', 'IBM'],
      timeoutMs: 2_000,
      now: () => clock,
    });

  it('reads FX intraday bars oldest first, translating the pair into from/to symbols', async () => {
    const frame = await market().candles({
      pair: 'EURUSD',
      timeframe: '5m',
      limit: 50,
      until: AFTER_CLOSE,
    });
    expect(frame.symbol).toBe('EURUSD');
    expect(frame.candles.map((c) => c.timestamp)).toEqual([
      Date.UTC(2024, 0, 5, 16, 45),
      Date.UTC(2024, 0, 5, 16, 50),
      Date.UTC(2024, 0, 5, 16, 55),
    ]);
    expect(frame.candles[2]).toEqual({
      timestamp: Date.UTC(2024, 0, 5, 16, 55),
      open: 1.0947,
      high: 1.0949,
      low: 1.0944,
      close: 1.0946,
      volume: 0,
    });
    const [request] = server.requests;
    expect(Object.fromEntries(request)).toEqual({
      function: 'FX_INTRADAY',
      from_symbol: 'EUR',
      to_symbol: 'USD',
      interval: '5min',
      outputsize: 'compact',
      apikey: API_KEY,
    });
  });

  it('leaves out a bar that has not closed by `until` and keeps the last `limit`', async () => {
    const frame = await market().candles({
      pair: 'EURUSD',
      timeframe: '5m',
      limit: 1,
      until: Date.UTC(2024, 0, 5, 16, 59),
    });
    expect(frame.candles.map((c) => c.close)).toEqual([1.0947]);
  });

  it('reads crypto intraday with volume, and the older digital-currency daily layout', async () => {
    const intraday = await market().candles({
      pair: 'BTCUSD',
      timeframe: '5m',
      limit: 10,
      until: AFTER_CLOSE,
    });
    expect(intraday.candles.map((c) => [c.close, c.volume])).toEqual([
      [44012.15, 97],
      [44031.42, 112],
    ]);
    const daily = await market().candles({
      pair: 'BTCEUR',
      timeframe: '1d',
      limit: 10,
      until: Date.UTC(2024, 0, 6),
    });
    expect(daily.candles.map((c) => [c.timestamp, c.open, c.close])).toEqual([
      [Date.UTC(2024, 0, 4), 39204, 40126.11],
      [Date.UTC(2024, 0, 5), 40126.11, 40233.8],
    ]);
    expect(Object.fromEntries(server.requests[1])).toMatchObject({
      function: 'DIGITAL_CURRENCY_DAILY',
      symbol: 'BTC',
      market: 'EUR',
    });
    expect(server.requests[1].has('interval')).toBe(false);
  });

  it('reads equity bars in US/Eastern time and FX daily bars at UTC midnight', async () => {
    const ibm = await market().candles({
      pair: 'IBM',
      timeframe: '5m',
      limit: 10,
      until: Date.UTC(2024, 0, 6, 1, 0),
    });
    // 19:55 in New York in January (EST, UTC-5) is 00:55 UTC the next day.
    expect(ibm.candles.at(-1)?.timestamp).toBe(Date.UTC(2024, 0, 6, 0, 55));
    expect(ibm.candles.at(-1)?.volume).toBe(412);
    const daily = await market().candles({
      pair: 'EURUSD',
      timeframe: '1d',
      limit: 10,
      until: AFTER_CLOSE,
    });
    // Today's bar is still forming at 17:00.
    expect(daily.candles.map((c) => c.timestamp)).toEqual([Date.UTC(2024, 0, 4)]);
  });

  it('asks for the full series when more bars are wanted than a compact answer holds', async () => {
    await market().candles({ pair: 'EURUSD', timeframe: '5m', limit: 500, until: AFTER_CLOSE });
    expect(server.requests[0].get('outputsize')).toBe('full');
  });

  it('caches an answer for one bar and shares a request between concurrent asks', async () => {
    const m = market();
    const ask = () => m.candles({ pair: 'EURUSD', timeframe: '5m', limit: 3, until: AFTER_CLOSE });
    await Promise.all([ask(), ask(), ask()]);
    expect(server.requests).toHaveLength(1);
    clock += 299_999;
    await ask();
    expect(server.requests).toHaveLength(1);
    clock += 1;
    await ask();
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    ['the per-minute "Note"', NOTE_CALL_FREQUENCY, 'MARKET_DATA.THROTTLED', /5 calls per minute/],
    ['the premium "Information"', INFORMATION_PREMIUM, 'MARKET_DATA.THROTTLED', /premium endpoint/],
    ['an "Error Message"', ERROR_INVALID_CALL, 'MARKET_DATA.REJECTED', /Invalid API call/],
    ['a body without a series', { 'Meta Data': {} }, 'MARKET_DATA.INVALID', /no time series/],
    ['an HTML error page', '<html>502 Bad Gateway</html>', 'MARKET_DATA.INVALID', /not JSON/],
  ])('turns %s into an error, not data, and does not cache it', async (_l, body, code, message) => {
    const m = market();
    const ask = () => m.candles({ pair: 'BTCUSD', timeframe: '5m', limit: 3, until: AFTER_CLOSE });
    server.override = { status: 200, body };
    await expect(ask()).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    server.override = undefined;
    await expect(ask()).resolves.toMatchObject({ symbol: 'BTCUSD' });
    expect(server.requests).toHaveLength(2);
  });

  it('never repeats the API key, even when the service quotes it back', async () => {
    server.override = { status: 200, body: informationDailyLimit(API_KEY) };
    const error = await market()
      .candles({ pair: 'EURUSD', timeframe: '5m', limit: 3, until: AFTER_CLOSE })
      .catch((e: Error) => e);
    expect((error as Error).message).toMatch(/25 requests per day/);
    expect((error as Error).message).not.toContain(API_KEY);
  });

  it('fails on an HTTP error status and on a late answer', async () => {
    server.override = { status: 503, body: { message: 'Service Unavailable' } };
    const ask = (m: AlphaVantageMarketData) =>
      m.candles({ pair: 'EURUSD', timeframe: '5m', limit: 3, until: AFTER_CLOSE });
    await expect(ask(market())).rejects.toMatchObject({ code: 'MARKET_DATA.HTTP' });
    server.override = 'hang';
    const slow = new AlphaVantageMarketData({
      apiKey: API_KEY,
      baseUrl: server.url,
      pairs: ['EURUSD'],
      timeoutMs: 150,
    });
    await expect(ask(slow)).rejects.toMatchObject({ code: 'MARKET_DATA.TIMEOUT' });
  });

  it('refuses a pair it is not configured for and a timeframe the service lacks', async () => {
    await expect(
      market().candles({ pair: 'XRPUSD', timeframe: '5m', limit: 3, until: AFTER_CLOSE }),
    ).rejects.toMatchObject({ field: 'asset_pair' });
    await expect(
      market().candles({ pair: 'EURUSD', timeframe: '4h', limit: 3, until: AFTER_CLOSE }),
    ).rejects.toMatchObject({ field: 'timeframe' });
    expect(server.requests).toHaveLength(0);
  });

  it('takes a call permit per request, none for a cached answer, and fails without one', async () => {
    let granted = 0;
    let budget = 1;
    const m = new AlphaVantageMarketData({
      apiKey: API_KEY,
      baseUrl: server.url,
      pairs: ['EURUSD', 'BTCUSD'],
      now: () => clock,
      permits: {
        acquire: async () => {
          if (budget === 0) throw new Error('no call permit within 30000 ms');
          budget -= 1;
          granted += 1;
        },
      },
    });
    const ask = (pair: string) =>
      m.candles({ pair, timeframe: '5m', limit: 3, until: AFTER_CLOSE });
    await ask('EURUSD');
    await ask('EURUSD');
    expect(granted).toBe(1);
    await expect(ask('BTCUSD')).rejects.toMatchObject({
      code: 'MARKET_DATA.THROTTLED',
      message: expect.stringContaining('no call permit'),
    });
    expect(server.requests).toHaveLength(1);
  });
});
