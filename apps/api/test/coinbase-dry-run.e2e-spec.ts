import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisServer } from '@ffe/testing';
import { startTestApp, testConfig } from './support/test-app';
import { api, runInDryRun, tradingEnv } from './support/trading-env';

const API_KEY = 'coinbase-e2e-key';
const API_SECRET = 'coinbase-e2e-secret-0123456789abcdef';

function product(base: string, price: string) {
  return {
    product_id: `${base}-USD`,
    price,
    base_increment: '0.00000001',
    quote_increment: '0.01',
    price_increment: '0.01',
    quote_min_size: '1',
    quote_max_size: '150000000',
    base_min_size: '0.00000001',
    base_max_size: '3400',
    status: 'online',
    trading_disabled: false,
    product_type: 'SPOT',
    base_currency_id: base,
    quote_currency_id: 'USD',
    base_display_symbol: base,
    quote_display_symbol: 'USD',
    display_name: `${base}-USD`,
  };
}

function account(currency: string, value: string) {
  return {
    uuid: `8bfc20d7-f7c6-4422-bf07-8243ca4169fe-${currency}`,
    name: `${currency} Wallet`,
    currency,
    available_balance: { value, currency },
    default: true,
    active: true,
    type: currency === 'USD' ? 'ACCOUNT_TYPE_FIAT' : 'ACCOUNT_TYPE_CRYPTO',
    ready: true,
    hold: { value: '0', currency },
  };
}

/** A Coinbase host with a funded account and no orders; records every request it gets. */
class FakeCoinbaseAccount {
  readonly requests: { method: string; path: string; authorized: boolean }[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
      const authorized =
        typeof req.headers.authorization === 'string' ||
        typeof req.headers['cb-access-sign'] === 'string';
      this.requests.push({ method: req.method ?? '', path, authorized });
      let body: unknown;
      if (req.method === 'GET') {
        if (path === '/v2/currencies' || path === '/v2/currencies/crypto') body = { data: [] };
        else if (path === '/v2/exchange-rates') body = { data: { currency: 'USD', rates: {} } };
        else if (path === '/api/v3/brokerage/market/products') {
          const products = url.searchParams.has('product_type')
            ? []
            : [product('BTC', '42608.2'), product('ETH', '2512.37')];
          body = { products, num_products: products.length };
        } else if (path === '/api/v3/brokerage/transaction_summary') {
          body = { total_volume: 0, total_fees: 0, fee_tier: { taker_fee_rate: '0.008' } };
        } else if (path === '/api/v3/brokerage/accounts') {
          body = { accounts: [account('USD', '100000.00')], has_next: false, cursor: '', size: 1 };
        } else if (path === '/api/v3/brokerage/orders/historical/batch') {
          body = { orders: [], sequence: '0', has_next: false, cursor: '' };
        }
      }
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { error: 'NOT_FOUND', message: 'Not Found' }));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<unknown> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(resolve));
  }
}

describe('a bot cycle on the coinbase platform in dry-run', () => {
  const coinbase = new FakeCoinbaseAccount();
  let redis: RedisServer;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    await coinbase.start();
    redis = await RedisServer.start();
    app = await startTestApp(
      testConfig(
        tradingEnv(redis.url, {
          TRADING_PLATFORM: 'coinbase',
          COINBASE_API_KEY: API_KEY,
          COINBASE_API_SECRET: API_SECRET,
          COINBASE_BASE_URL: coinbase.url,
          ENSEMBLE_QUORUM: '1',
        }),
      ),
    );
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    await coinbase.stop();
  });

  it('decides and records, reads the account, and never sends an order request', async () => {
    await api(app).patch('/api/v1/bot/config', { confidence_threshold: 0 }).expect(200);
    await runInDryRun(
      app,
      { asset_pairs: ['BTCUSD', 'ETHUSD'] },
      { asset_pair: 'BTCUSD', action: 'BUY', size: 0.01 },
    );
    await api(app).post('/api/v1/bot/stop').expect(200);

    // The cycle read the account through the real adapter, signed...
    const accounts = coinbase.requests.filter((r) => r.path === '/api/v3/brokerage/accounts');
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.every((r) => r.authorized)).toBe(true);
    // ...and nothing that could trade reached the venue.
    expect(coinbase.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(
      coinbase.requests.some((r) => r.path === '/api/v3/brokerage/orders' || /cancel/.test(r.path)),
    ).toBe(false);
  }, 30_000);
});
