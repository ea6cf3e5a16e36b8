import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local stand-in for Coinbase's REST API (Advanced Trade v3 plus the v2 reference data ccxt
// loads first), answering with the shapes Coinbase sends (trimmed to the fields ccxt reads and
// a few more). Orders fill at FILL_PRICE (market) or rest (limit), fees 0.8%. As Coinbase does,
// the order list answers in pages (`limit`, newest first, `cursor` to the next) and a repeated
// client order id creates nothing: the answer names the earlier order.

export const FILL_PRICE = 42_608.2;
const FEE_RATE = 0.008;

const BTC_USD_PRODUCT = {
  product_id: 'BTC-USD',
  price: '42608.2',
  price_percentage_change_24h: '-1.2314',
  volume_24h: '10864.16713962',
  base_increment: '0.00000001',
  quote_increment: '0.01',
  quote_min_size: '1',
  quote_max_size: '150000000',
  base_min_size: '0.00000001',
  base_max_size: '3400',
  base_name: 'Bitcoin',
  quote_name: 'US Dollar',
  status: 'online',
  cancel_only: false,
  limit_only: false,
  post_only: false,
  trading_disabled: false,
  auction_mode: false,
  product_type: 'SPOT',
  quote_currency_id: 'USD',
  base_currency_id: 'BTC',
  base_display_symbol: 'BTC',
  quote_display_symbol: 'USD',
  view_only: false,
  price_increment: '0.01',
  display_name: 'BTC-USD',
  product_venue: 'CBE',
};

export interface FakeOrder {
  order_id: string;
  product_id: string;
  user_id: string;
  side: 'BUY' | 'SELL';
  client_order_id: string;
  status: 'OPEN' | 'FILLED' | 'CANCELLED';
  time_in_force: string;
  created_time: string;
  completion_percentage: string;
  filled_size: string;
  average_filled_price: string;
  number_of_fills: string;
  filled_value: string;
  pending_cancel: boolean;
  size_in_quote: boolean;
  total_fees: string;
  order_type: 'MARKET' | 'LIMIT';
  reject_reason: string;
  settled: boolean;
  product_type: 'SPOT';
  last_fill_time: string | null;
  order_configuration: Record<string, Record<string, string | boolean>>;
}

export class FakeCoinbase {
  readonly requests: { method: string; path: string; body: string; authorized: boolean }[] = [];
  readonly orders: FakeOrder[] = [];
  usd = '25000.00';
  /** When set, order placement gets this answer (a refusal or a throttle). */
  placeOverride?: { status: number; body: unknown };
  /** When set, every request gets this answer. */
  override?: { status: number; body: unknown };
  private server!: Server;
  private nextId = 1;
  private clock = Date.parse('2024-01-15T18:40:00Z');
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        this.requests.push({
          method: req.method ?? 'GET',
          path: url.pathname,
          body,
          authorized: isSigned(req),
        });
        const { status, body: answer } =
          this.override ?? this.answer(req.method ?? 'GET', url, body);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  orderPosts(): { body: string }[] {
    return this.requests.filter(
      (r) => r.method === 'POST' && r.path === '/api/v3/brokerage/orders',
    );
  }

  /** The exchange fills a resting limit order. */
  fill(orderId: string): void {
    const order = this.orders.find((o) => o.order_id === orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    const config = order.order_configuration.limit_limit_gtc;
    this.settle(order, Number(config.base_size), Number(config.limit_price));
  }

  private answer(method: string, url: URL, body: string): { status: number; body: unknown } {
    const path = url.pathname;
    if (path === '/v2/currencies' || path === '/v2/currencies/crypto') {
      return { status: 200, body: { data: [] } };
    }
    if (path === '/v2/exchange-rates') {
      return { status: 200, body: { data: { currency: 'USD', rates: { BTC: '0.0000234' } } } };
    }
    if (path === '/api/v3/brokerage/market/products' || path === '/api/v3/brokerage/products') {
      const products = url.searchParams.has('product_type') ? [] : [BTC_USD_PRODUCT];
      return { status: 200, body: { products, num_products: products.length } };
    }
    if (path === '/api/v3/brokerage/transaction_summary') {
      return {
        status: 200,
        body: {
          total_volume: 0,
          total_fees: 0,
          fee_tier: {
            pricing_tier: 'Advanced 1',
            maker_fee_rate: '0.006',
            taker_fee_rate: '0.008',
          },
        },
      };
    }
    if (path === '/api/v3/brokerage/accounts') {
      return {
        status: 200,
        body: {
          accounts: [account('USD', this.usd), account('BTC', this.btc().toFixed(8))],
          has_next: false,
          cursor: '',
          size: 2,
        },
      };
    }
    if (path === '/api/v3/brokerage/orders/historical/batch') {
      const product = url.searchParams.get('product_id');
      const status = url.searchParams.getAll('order_status');
      const matching = this.orders
        .filter((o) => !product || o.product_id === product)
        .filter((o) => status.length === 0 || status.includes(o.status))
        .slice()
        .reverse();
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const orders = matching.slice(start, start + limit);
      const hasNext = matching.length > start + orders.length;
      const cursor = hasNext ? String(start + limit) : '';
      return { status: 200, body: { orders, sequence: '0', has_next: hasNext, cursor } };
    }
    const one = /^\/api\/v3\/brokerage\/orders\/historical\/([^/]+)$/.exec(path);
    if (one) {
      const order = this.orders.find((o) => o.order_id === one[1]);
      return order
        ? { status: 200, body: { order } }
        : { status: 404, body: { error: 'NOT_FOUND', message: 'order not found' } };
    }
    if (method === 'POST' && path === '/api/v3/brokerage/orders') {
      if (this.placeOverride) return this.placeOverride;
      return { status: 200, body: this.place(JSON.parse(body)) };
    }
    if (method === 'POST' && path === '/api/v3/brokerage/orders/batch_cancel') {
      const ids = (JSON.parse(body) as { order_ids: string[] }).order_ids;
      for (const o of this.orders) if (ids.includes(o.order_id)) o.status = 'CANCELLED';
      return {
        status: 200,
        body: {
          results: ids.map((order_id) => ({
            success: true,
            failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON',
            order_id,
          })),
        },
      };
    }
    return { status: 404, body: { error: 'NOT_FOUND', message: 'Not Found' } };
  }

  private place(request: {
    client_order_id: string;
    product_id: string;
    side: 'BUY' | 'SELL';
    order_configuration: Record<string, Record<string, string | boolean>>;
  }): unknown {
    const known = this.orders.find((o) => o.client_order_id === request.client_order_id);
    if (known) return placed(known);
    const [kind] = Object.keys(request.order_configuration);
    const config = request.order_configuration[kind];
    this.clock += 60_000;
    const order: FakeOrder = {
      order_id: `0b1ef5d6-6c1b-4a6e-9f6e-${String(this.nextId++).padStart(12, '0')}`,
      product_id: request.product_id,
      user_id: '3a3d2d2b-7b1a-5c44-9b0f-1f1f2a2b3c4d',
      side: request.side,
      client_order_id: request.client_order_id,
      status: 'OPEN',
      time_in_force: kind === 'market_market_ioc' ? 'IMMEDIATE_OR_CANCEL' : 'GOOD_UNTIL_CANCELLED',
      created_time: new Date(this.clock).toISOString(),
      completion_percentage: '0',
      filled_size: '0',
      average_filled_price: '0',
      number_of_fills: '0',
      filled_value: '0',
      pending_cancel: false,
      size_in_quote: config.quote_size !== undefined,
      total_fees: '0',
      order_type: kind === 'market_market_ioc' ? 'MARKET' : 'LIMIT',
      reject_reason: 'REJECT_REASON_UNSPECIFIED',
      settled: false,
      product_type: 'SPOT',
      last_fill_time: null,
      order_configuration: request.order_configuration,
    };
    this.orders.push(order);
    if (kind === 'market_market_ioc') {
      const size =
        config.base_size !== undefined
          ? Number(config.base_size)
          : Number(config.quote_size) / FILL_PRICE;
      this.settle(order, size, FILL_PRICE);
    }
    return placed(order);
  }

  /** Orders placed meanwhile outside the bot (another app, the website): filled, not ours. */
  addForeignOrders(count: number): void {
    for (let i = 0; i < count; i++) {
      this.place({
        client_order_id: `web-${this.nextId}`,
        product_id: 'BTC-USD',
        side: 'BUY',
        order_configuration: { market_market_ioc: { quote_size: '10.00' } },
      });
    }
  }

  private settle(order: FakeOrder, size: number, price: number): void {
    const value = size * price;
    const fee = value * FEE_RATE;
    order.status = 'FILLED';
    order.completion_percentage = '100';
    order.filled_size = size.toFixed(8);
    order.average_filled_price = price.toFixed(2);
    order.number_of_fills = '1';
    order.filled_value = value.toFixed(2);
    order.total_fees = fee.toFixed(2);
    order.settled = true;
    order.last_fill_time = new Date(this.clock).toISOString();
    const usd = Number(this.usd) + (order.side === 'BUY' ? -(value + fee) : value - fee);
    this.usd = usd.toFixed(2);
  }

  private btc(): number {
    return this.orders
      .filter((o) => o.status === 'FILLED')
      .reduce((sum, o) => sum + (o.side === 'BUY' ? 1 : -1) * Number(o.filled_size), 0);
  }
}

function placed(order: FakeOrder): unknown {
  return {
    success: true,
    success_response: {
      order_id: order.order_id,
      product_id: order.product_id,
      side: order.side,
      client_order_id: order.client_order_id,
    },
    order_configuration: order.order_configuration,
  };
}

function account(currency: string, value: string): unknown {
  return {
    uuid: `8bfc20d7-f7c6-4422-bf07-8243ca4169fe-${currency}`,
    name: `${currency} Wallet`,
    currency,
    available_balance: { value, currency },
    default: true,
    active: true,
    created_at: '2023-03-01T12:00:00.000Z',
    updated_at: '2024-01-15T18:00:00.000Z',
    deleted_at: null,
    type: currency === 'USD' ? 'ACCOUNT_TYPE_FIAT' : 'ACCOUNT_TYPE_CRYPTO',
    ready: true,
    hold: { value: '0', currency },
    retail_portfolio_id: '7e3a4f2c-1d2b-4c5e-8f9a-0b1c2d3e4f5a',
  };
}

/** ccxt signs with either a bearer JWT (CDP keys) or the legacy CB-ACCESS headers. */
function isSigned(req: IncomingMessage): boolean {
  return (
    typeof req.headers.authorization === 'string' ||
    typeof req.headers['cb-access-sign'] === 'string'
  );
}
