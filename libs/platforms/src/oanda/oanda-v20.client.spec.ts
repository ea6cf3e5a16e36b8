import { OANDA_HOSTS, OandaApiError, OandaV20Client } from './oanda-v20.client';
import {
  fromOandaInstrument,
  pipSize,
  toOandaInstrument,
  toOandaPrice,
  toOandaUnits,
} from './oanda-units';
import {
  TOKEN,
  ACCOUNT,
  BASE,
  SUMMARY,
  INSTRUMENTS,
  MARKET_FILLED,
  MARKET_CANCELLED,
  UNITS_REJECTED,
  NO_SUCH_ORDER,
  RATE_LIMITED,
  ORDER_BY_CLIENT_ID,
  OPEN_TRADES,
  TRADE_CLOSED,
  FakeOanda,
} from '../test/oanda-fixtures';

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
