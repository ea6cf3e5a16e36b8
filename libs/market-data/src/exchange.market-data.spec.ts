import { InvalidInputError, UnavailableError } from '@ffe/domain';
import * as ccxt from 'ccxt';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exchangeSymbol, ExchangeMarketData } from './exchange.market-data';
import {
  CANDLES_BTC_USD_5M,
  ERROR_INVALID_GRANULARITY,
  ERROR_RATE_LIMITED,
  MARKET_PRODUCTS_NONE,
  MARKET_PRODUCTS_SPOT,
  V2_CURRENCIES,
  V2_CURRENCIES_CRYPTO,
  V2_EXCHANGE_RATES,
} from './test/coinbase-payloads';

/** Serves Coinbase's public REST answers by path, as api.coinbase.com does. */
class FakeCoinbase {
  readonly requests: URL[] = [];
  /** When set, candle requests get this answer (an error or a throttle). */
  candlesOverride?: { status: number; body: unknown };
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      this.requests.push(url);
      const { status, body } = this.answer(url);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  candleRequests(): URL[] {
    return this.requests.filter((u) => u.pathname.endsWith('/candles'));
  }

  private answer(url: URL): { status: number; body: unknown } {
    switch (url.pathname) {
      case '/v2/currencies':
        return { status: 200, body: V2_CURRENCIES };
      case '/v2/currencies/crypto':
        return { status: 200, body: V2_CURRENCIES_CRYPTO };
      case '/v2/exchange-rates':
        return { status: 200, body: V2_EXCHANGE_RATES };
      case '/api/v3/brokerage/market/products':
        return {
          status: 200,
          body: url.searchParams.has('product_type') ? MARKET_PRODUCTS_NONE : MARKET_PRODUCTS_SPOT,
        };
      case '/api/v3/brokerage/market/products/BTC-USD/candles':
        return this.candlesOverride ?? { status: 200, body: CANDLES_BTC_USD_5M };
      default:
        return { status: 404, body: { error: 'NOT_FOUND', message: 'Not Found' } };
    }
  }
}

/** 18:40 UTC on 15 Jan 2024: the 18:35 bar has just closed. */
const AFTER_CLOSE = 1705344000_000;

describe('exchangeSymbol', () => {
  it('writes our pairs as ccxt symbols', () => {
    expect(exchangeSymbol('BTCUSD')).toBe('BTC/USD');
    expect(exchangeSymbol('SOLUSDT')).toBe('SOL/USDT');
    expect(exchangeSymbol('ETHEUR')).toBe('ETH/EUR');
    expect(exchangeSymbol('DOGEBTC')).toBe('DOGE/BTC');
    expect(() => exchangeSymbol('ABCDEFGH')).toThrow(InvalidInputError);
  });
});

describe('ExchangeMarketData against a replayed Coinbase', () => {
  const venue = new FakeCoinbase();
  let data: ExchangeMarketData;

  beforeAll(() => venue.start());
  afterAll(() => venue.stop());
  beforeEach(() => {
    venue.requests.length = 0;
    venue.candlesOverride = undefined;
    data = new ExchangeMarketData({ pairs: ['BTCUSD'], baseUrl: venue.url, timeoutMs: 2_000 });
  });

  it('uses coinbase by default and serves its pairs', () => {
    expect(data.exchangeId).toBe('coinbase');
    expect(data.pairs()).toEqual(['BTCUSD']);
  });

  it('serves closed candles oldest first, the newest ones up to the limit', async () => {
    const frame = await data.candles({
      pair: 'BTCUSD',
      timeframe: '5m',
      limit: 3,
      until: AFTER_CLOSE,
    });
    expect(frame.symbol).toBe('BTCUSD');
    expect(frame.timeframe).toBe('5m');
    expect(frame.candles.map((c) => c.timestamp)).toEqual([
      1705343100_000, 1705343400_000, 1705343700_000,
    ]);
    expect(frame.candles[2]).toEqual({
      timestamp: 1705343700_000,
      open: 42650.12,
      high: 42680.01,
      low: 42601.57,
      close: 42608.2,
      volume: 12.60871355,
    });
    const [request] = venue.candleRequests();
    expect(request.searchParams.get('granularity')).toBe('FIVE_MINUTE');
  });

  it('drops the bar still open at `until`', async () => {
    const frame = await data.candles({
      pair: 'BTCUSD',
      timeframe: '5m',
      limit: 10,
      until: 1705343700_000 + 60_000,
    });
    expect(frame.candles.map((c) => c.timestamp).at(-1)).toBe(1705343400_000);
    expect(frame.candles).toHaveLength(3);
  });

  it('wraps an error answer with its cause', async () => {
    venue.candlesOverride = { status: 400, body: ERROR_INVALID_GRANULARITY };
    const error = await data
      .candles({ pair: 'BTCUSD', timeframe: '5m', limit: 3, until: AFTER_CLOSE })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).code).toBe('MARKET_DATA.EXCHANGE');
    expect((error as UnavailableError).cause).toBeInstanceOf(ccxt.BaseError);
  });

  it('reports a 429 as throttled', async () => {
    venue.candlesOverride = { status: 429, body: ERROR_RATE_LIMITED };
    const error = await data
      .candles({ pair: 'BTCUSD', timeframe: '5m', limit: 3, until: AFTER_CLOSE })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).code).toBe('MARKET_DATA.THROTTLED');
    expect((error as UnavailableError).cause).toBeInstanceOf(ccxt.RateLimitExceeded);
  });

  it('refuses pairs and timeframes it does not serve, without a request', async () => {
    await expect(
      data.candles({ pair: 'ETHUSD', timeframe: '5m', limit: 3, until: AFTER_CLOSE }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      data.candles({ pair: 'BTCUSD', timeframe: '5s', limit: 3, until: AFTER_CLOSE }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(venue.requests).toHaveLength(0);
  });

  it('refuses an exchange ccxt does not know', () => {
    expect(() => new ExchangeMarketData({ exchangeId: 'nope', pairs: ['BTCUSD'] })).toThrow(
      InvalidInputError,
    );
  });
});
