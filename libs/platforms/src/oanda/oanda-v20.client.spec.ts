import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OANDA_HOSTS, OandaApiError, OandaV20Client } from './oanda-v20.client';
import {
  fromOandaInstrument,
  pipSize,
  toOandaInstrument,
  toOandaPrice,
  toOandaUnits,
} from './oanda-units';

const TOKEN = 'f00dcafe0123456789abcdef-0123456789abcdef0123456789abcdef';
const ACCOUNT = '101-004-1234567-001';
const BASE = `/v3/accounts/${ACCOUNT}`;

// v20 answers as the practice host sends them, trimmed to the fields we read plus a few more.
const SUMMARY = {
  account: {
    id: ACCOUNT,
    alias: 'Primary',
    currency: 'USD',
    balance: '99987.6543',
    NAV: '99991.2031',
    unrealizedPL: '3.5488',
    pl: '-12.3457',
    marginAvailable: '99954.1731',
    openTradeCount: 1,
    pendingOrderCount: 0,
    hedgingEnabled: false,
  },
  lastTransactionID: '6397',
};
const INSTRUMENTS = {
  instruments: [
    {
      name: 'EUR_USD',
      type: 'CURRENCY',
      displayName: 'EUR/USD',
      pipLocation: -4,
      displayPrecision: 5,
      tradeUnitsPrecision: 0,
      minimumTradeSize: '1',
      maximumOrderUnits: '100000000',
      marginRate: '0.0333',
    },
    {
      name: 'USD_JPY',
      type: 'CURRENCY',
      displayName: 'USD/JPY',
      pipLocation: -2,
      displayPrecision: 3,
      tradeUnitsPrecision: 0,
      minimumTradeSize: '1',
      maximumOrderUnits: '100000000',
      marginRate: '0.04',
    },
  ],
  lastTransactionID: '6397',
};
const MARKET_FILLED = {
  orderCreateTransaction: {
    id: '6398',
    type: 'MARKET_ORDER',
    time: '2024-01-05T16:55:02.123456789Z',
    instrument: 'EUR_USD',
    units: '1000',
    timeInForce: 'FOK',
    positionFill: 'DEFAULT',
    reason: 'CLIENT_ORDER',
    clientExtensions: { id: 'ffe-dec-42' },
  },
  orderFillTransaction: {
    id: '6399',
    type: 'ORDER_FILL',
    time: '2024-01-05T16:55:02.123456789Z',
    orderID: '6398',
    instrument: 'EUR_USD',
    units: '1000',
    price: '1.09461',
    pl: '0.0000',
    reason: 'MARKET_ORDER',
    tradeOpened: { tradeID: '6399', units: '1000', price: '1.09461' },
  },
  relatedTransactionIDs: ['6398', '6399'],
  lastTransactionID: '6399',
};
const MARKET_CANCELLED = {
  orderCreateTransaction: { ...MARKET_FILLED.orderCreateTransaction, id: '6400' },
  orderCancelTransaction: {
    id: '6401',
    type: 'ORDER_CANCEL',
    time: '2024-01-05T16:55:03.000000000Z',
    orderID: '6400',
    reason: 'INSUFFICIENT_MARGIN',
  },
  relatedTransactionIDs: ['6400', '6401'],
  lastTransactionID: '6401',
};
const UNITS_REJECTED = {
  orderRejectTransaction: {
    id: '6402',
    type: 'MARKET_ORDER_REJECT',
    time: '2024-01-05T16:55:04.000000000Z',
    instrument: 'EUR_USD',
    units: '0.5',
    rejectReason: 'UNITS_PRECISION_EXCEEDED',
  },
  relatedTransactionIDs: ['6402'],
  lastTransactionID: '6402',
  errorCode: 'UNITS_PRECISION_EXCEEDED',
  errorMessage: 'Precision of units exceeds maximum allowed',
};
const UNAUTHORIZED = { errorMessage: 'Insufficient authorization to perform request.' };
const NO_SUCH_ORDER = {
  errorCode: 'NO_SUCH_ORDER',
  errorMessage: 'The order ID specified does not exist',
};
const RATE_LIMITED = { errorMessage: 'Requests per second exceeded' };
const ORDER_BY_CLIENT_ID = {
  order: {
    id: '6398',
    createTime: '2024-01-05T16:55:02.123456789Z',
    type: 'MARKET',
    instrument: 'EUR_USD',
    units: '1000',
    state: 'FILLED',
    clientExtensions: { id: 'ffe-dec-42' },
    fillingTransactionID: '6399',
    tradeOpenedID: '6399',
  },
  lastTransactionID: '6399',
};
const OPEN_TRADES = {
  trades: [
    {
      id: '6399',
      instrument: 'EUR_USD',
      price: '1.09461',
      openTime: '2024-01-05T16:55:02.123456789Z',
      initialUnits: '1000',
      currentUnits: '1000',
      state: 'OPEN',
      realizedPL: '0.0000',
      unrealizedPL: '0.1100',
      financing: '0.0000',
      clientExtensions: { id: 'ffe-dec-42' },
    },
  ],
  lastTransactionID: '6399',
};
const TRADE_CLOSED = {
  orderCreateTransaction: {
    id: '6403',
    type: 'MARKET_ORDER',
    time: '2024-01-05T17:10:00.000000000Z',
    reason: 'TRADE_CLOSE',
  },
  orderFillTransaction: {
    id: '6404',
    type: 'ORDER_FILL',
    time: '2024-01-05T17:10:00.000000000Z',
    orderID: '6403',
    units: '-1000',
    price: '1.09502',
    pl: '0.4100',
    tradesClosed: [{ tradeID: '6399', units: '-1000', realizedPL: '0.4100', price: '1.09502' }],
  },
  relatedTransactionIDs: ['6403', '6404'],
  lastTransactionID: '6404',
};

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** Answers `METHOD path?query` from a table, as the v20 host would; records what it got. */
class FakeOanda {
  readonly seen: Seen[] = [];
  routes = new Map<string, { status: number; body: unknown }>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const key = `${req.method} ${req.url}`;
        this.seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: raw ? JSON.parse(raw) : undefined,
        });
        const route =
          req.headers.authorization === `Bearer ${TOKEN}`
            ? (this.routes.get(key) ?? { status: 404, body: { errorMessage: 'Not found' } })
            : { status: 401, body: UNAUTHORIZED };
        res.writeHead(route.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(route.body));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('Oanda units and instruments', () => {
  it('names pairs base_quote and back', () => {
    expect(toOandaInstrument('EURUSD')).toBe('EUR_USD');
    expect(fromOandaInstrument('USD_JPY')).toBe('USDJPY');
    expect(() => toOandaInstrument('BTC-USD')).toThrow(/six-letter/);
  });

  it('signs units by side and rounds them down to the unit precision', () => {
    expect(toOandaUnits(1000.7, 'BUY', 0)).toBe('1000');
    expect(toOandaUnits(1000.7, 'SELL', 0)).toBe('-1000');
    expect(toOandaUnits(0.129, 'BUY', 2)).toBe('0.12');
    expect(() => toOandaUnits(0.4, 'BUY', 0)).toThrow(/below one unit/);
  });

  it('formats prices at the display precision and knows the pip', () => {
    expect(toOandaPrice(1.0946149, 5)).toBe('1.09461');
    expect(toOandaPrice(148.2346, 3)).toBe('148.235');
    expect(pipSize(-4)).toBe(0.0001);
    expect(pipSize(-2)).toBe(0.01);
  });
});

describe('OandaV20Client against a recorded v20 host', () => {
  const server = new FakeOanda();
  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    server.seen.length = 0;
    server.routes.clear();
  });

  const client = (token = TOKEN) =>
    new OandaV20Client({ token, accountId: ACCOUNT, environment: 'practice', baseUrl: server.url });

  it('reads the account summary with the bearer token on the account path', async () => {
    server.routes.set(`GET ${BASE}/summary`, { status: 200, body: SUMMARY });
    const summary = await client().accountSummary();
    expect(summary).toMatchObject({ currency: 'USD', balance: '99987.6543', openTradeCount: 1 });
    expect(server.seen[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.seen[0].headers['accept-datetime-format']).toBe('RFC3339');
  });

  it('reads instruments with their pip location and precisions', async () => {
    server.routes.set(`GET ${BASE}/instruments?instruments=EUR_USD%2CUSD_JPY`, {
      status: 200,
      body: INSTRUMENTS,
    });
    const instruments = await client().instruments(['EUR_USD', 'USD_JPY']);
    expect(instruments.map((i) => [i.name, pipSize(i.pipLocation), i.displayPrecision])).toEqual([
      ['EUR_USD', 0.0001, 5],
      ['USD_JPY', 0.01, 3],
    ]);
  });

  it('places a market order with our client id and reads the fill', async () => {
    server.routes.set(`POST ${BASE}/orders`, { status: 201, body: MARKET_FILLED });
    const order = {
      type: 'MARKET' as const,
      instrument: 'EUR_USD',
      units: toOandaUnits(1000, 'BUY', 0),
      timeInForce: 'FOK' as const,
      positionFill: 'DEFAULT' as const,
      clientExtensions: { id: 'ffe-dec-42' },
      stopLossOnFill: { price: toOandaPrice(1.0891, 5) },
    };
    const result = await client().createOrder(order);
    expect(result.orderFillTransaction?.tradeOpened).toEqual({
      tradeID: '6399',
      units: '1000',
      price: '1.09461',
    });
    expect(server.seen[0].body).toEqual({
      order: { ...order, stopLossOnFill: { price: '1.08910' } },
    });
  });

  it('hands back a FOK order Oanda cancelled (201) for the caller to read', async () => {
    server.routes.set(`POST ${BASE}/orders`, { status: 201, body: MARKET_CANCELLED });
    const result = await client().createOrder({
      type: 'MARKET',
      instrument: 'EUR_USD',
      units: '100000000',
      timeInForce: 'FOK',
      positionFill: 'DEFAULT',
    });
    expect(result.orderFillTransaction).toBeUndefined();
    expect(result.orderCancelTransaction?.reason).toBe('INSUFFICIENT_MARGIN');
  });

  it('turns a rejected order into an error carrying the reject reason', async () => {
    server.routes.set(`POST ${BASE}/orders`, { status: 400, body: UNITS_REJECTED });
    const error = await client()
      .createOrder({
        type: 'MARKET',
        instrument: 'EUR_USD',
        units: '0.5',
        timeInForce: 'FOK',
        positionFill: 'DEFAULT',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OandaApiError);
    expect(error).toMatchObject({
      status: 400,
      errorCode: 'UNITS_PRECISION_EXCEEDED',
      rejectReason: 'UNITS_PRECISION_EXCEEDED',
      message: expect.stringContaining('Precision of units exceeds maximum allowed'),
    });
  });

  it('fails on a bad token and on a rate limit without repeating the token', async () => {
    const unauthorized = await client('wrong-token')
      .accountSummary()
      .catch((e: Error) => e);
    expect(unauthorized).toMatchObject({ status: 401 });
    expect((unauthorized as Error).message).toMatch(/Insufficient authorization/);
    server.routes.set(`GET ${BASE}/openTrades`, { status: 429, body: RATE_LIMITED });
    const limited = await client()
      .openTrades()
      .catch((e: Error) => e);
    expect(limited).toMatchObject({ status: 429 });
    expect((limited as Error).message).not.toContain(TOKEN);
  });

  it('finds an order by our client id, and says undefined when there is none', async () => {
    server.routes.set(`GET ${BASE}/orders/@ffe-dec-42`, { status: 200, body: ORDER_BY_CLIENT_ID });
    server.routes.set(`GET ${BASE}/orders/@ffe-dec-43`, { status: 404, body: NO_SUCH_ORDER });
    await expect(client().orderByClientId('ffe-dec-42')).resolves.toMatchObject({
      state: 'FILLED',
      tradeOpenedID: '6399',
    });
    await expect(client().orderByClientId('ffe-dec-43')).resolves.toBeUndefined();
  });

  it('lists open trades and closes one', async () => {
    server.routes.set(`GET ${BASE}/openTrades`, { status: 200, body: OPEN_TRADES });
    server.routes.set(`PUT ${BASE}/trades/6399/close`, { status: 200, body: TRADE_CLOSED });
    const [trade] = await client().openTrades();
    expect(trade).toMatchObject({
      id: '6399',
      currentUnits: '1000',
      clientExtensions: { id: 'ffe-dec-42' },
    });
    const closed = await client().closeTrade(trade.id);
    expect(closed.orderFillTransaction?.tradesClosed?.[0]).toMatchObject({ realizedPL: '0.4100' });
    expect(server.seen.at(-1)).toMatchObject({ method: 'PUT', body: { units: 'ALL' } });
  });

  it('defaults to the practice host', () => {
    const practice = new OandaV20Client({
      token: TOKEN,
      accountId: ACCOUNT,
      environment: 'practice',
    });
    expect((practice as unknown as { baseUrl: string }).baseUrl).toBe(OANDA_HOSTS.practice);
  });
});
