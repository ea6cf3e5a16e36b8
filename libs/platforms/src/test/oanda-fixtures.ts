import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TOKEN = 'f00dcafe0123456789abcdef-0123456789abcdef0123456789abcdef';
export const ACCOUNT = '101-004-1234567-001';
export const BASE = `/v3/accounts/${ACCOUNT}`;

// v20 answers as the practice host sends them, trimmed to the fields we read plus a few more.
export const SUMMARY = {
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
export const INSTRUMENTS = {
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
export const MARKET_FILLED = {
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
export const MARKET_CANCELLED = {
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
export const UNITS_REJECTED = {
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
export const UNAUTHORIZED = { errorMessage: 'Insufficient authorization to perform request.' };
export const NO_SUCH_ORDER = {
  errorCode: 'NO_SUCH_ORDER',
  errorMessage: 'The order ID specified does not exist',
};
export const RATE_LIMITED = { errorMessage: 'Requests per second exceeded' };
export const ORDER_BY_CLIENT_ID = {
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
export const OPEN_TRADES = {
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
export const TRADE_CLOSED = {
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

export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** Answers `METHOD path?query` from a table, as the v20 host would; records what it got. */
export class FakeOanda {
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
