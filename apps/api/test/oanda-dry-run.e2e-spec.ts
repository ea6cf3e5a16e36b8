import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisServer } from '@ffe/testing';
import { startTestApp, testConfig } from './support/test-app';
import { api, runInDryRun, tradingEnv } from './support/trading-env';

const TOKEN = 'oanda-e2e-token-0123456789abcdef';
const ACCOUNT = '101-004-7654321-001';

/** A v20 host with an empty, funded practice account; records every request it gets. */
class FakeOandaAccount {
  readonly requests: { method: string; path: string; authorized: boolean }[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    const base = `/v3/accounts/${ACCOUNT}`;
    const answers: Record<string, unknown> = {
      [`${base}/summary`]: {
        account: {
          id: ACCOUNT,
          currency: 'USD',
          balance: '100000.0000',
          NAV: '100000.0000',
          unrealizedPL: '0.0000',
          pl: '0.0000',
          marginAvailable: '100000.0000',
          openTradeCount: 0,
          pendingOrderCount: 0,
        },
        lastTransactionID: '1',
      },
      [`${base}/openTrades`]: { trades: [], lastTransactionID: '1' },
      [`${base}/trades`]: { trades: [], lastTransactionID: '1' },
      [`${base}/pendingOrders`]: { orders: [], lastTransactionID: '1' },
    };
    this.server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      const authorized = req.headers.authorization === `Bearer ${TOKEN}`;
      this.requests.push({ method: req.method ?? '', path, authorized });
      const body = req.method === 'GET' ? answers[path] : undefined;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { errorMessage: 'Not found' }));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<unknown> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(resolve));
  }
}

describe('a bot cycle on the oanda platform in dry-run', () => {
  const oanda = new FakeOandaAccount();
  let redis: RedisServer;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    await oanda.start();
    redis = await RedisServer.start();
    app = await startTestApp(
      testConfig(
        tradingEnv(redis.url, {
          TRADING_PLATFORM: 'oanda',
          OANDA_API_TOKEN: TOKEN,
          OANDA_ACCOUNT_ID: ACCOUNT,
          OANDA_BASE_URL: oanda.url,
          ENSEMBLE_QUORUM: '1',
        }),
      ),
    );
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    await oanda.stop();
  });

  it('decides and records, reads the account, and never sends an order request', async () => {
    await api(app).patch('/api/v1/bot/config', { confidence_threshold: 0 }).expect(200);
    await runInDryRun(
      app,
      { asset_pairs: ['EURUSD', 'GBPUSD'] },
      { asset_pair: 'EURUSD', action: 'BUY', size: 1000 },
    );
    await api(app).post('/api/v1/bot/stop').expect(200);

    // The cycle read the account through the real adapter, with the token...
    expect(oanda.requests.some((r) => r.path.endsWith('/summary'))).toBe(true);
    expect(oanda.requests.every((r) => r.authorized)).toBe(true);
    // ...and nothing that could trade reached the venue.
    expect(oanda.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(oanda.requests.some((r) => /\/orders/.test(r.path))).toBe(false);
  }, 30_000);
});
