import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisServer } from '@ffe/testing';
import { startTestApp, testConfig } from './support/test-app';
import { api } from './support/trading-env';

const AV_KEY = 'AVE2EKEY0000SECRET';

/** One local server playing both services: Alpha Vantage's /query and a chat-completions API. */
class FakeServices {
  readonly marketRequests: URLSearchParams[] = [];
  readonly prompts: string[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => this.handle(req, raw, res));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<unknown> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(resolve));
  }

  private handle(req: IncomingMessage, raw: string, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/query') {
      this.marketRequests.push(url.searchParams);
      res.end(JSON.stringify(fxIntraday(url.searchParams)));
      return;
    }
    if (url.pathname === '/v1/chat/completions') {
      const body = JSON.parse(raw) as { messages: { content: string }[] };
      this.prompts.push(body.messages[1].content);
      const content = '{"action": "SELL", "confidence": 0.66, "reasoning": "RSI rolling over"}';
      res.end(JSON.stringify({ object: 'chat.completion', choices: [{ message: { content } }] }));
      return;
    }
    res.writeHead(404).end('{}');
  }
}

/** 100 closed one-minute bars up to now, in FX_INTRADAY's layout (newest first). */
function fxIntraday(q: URLSearchParams) {
  const last = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  const series: Record<string, Record<string, string>> = {};
  for (let i = 0; i < 100; i++) {
    const at = new Date(last - i * 60_000).toISOString().replace('T', ' ').slice(0, 19);
    const close = (1.09 + Math.sin(i / 7) * 0.001).toFixed(5);
    series[at] = { '1. open': close, '2. high': close, '3. low': close, '4. close': close };
  }
  return {
    'Meta Data': { '2. From Symbol': q.get('from_symbol'), '7. Time Zone': 'UTC' },
    'Time Series FX (1min)': series,
  };
}

describe('the app on alpha-vantage market data with the llm provider', () => {
  const services = new FakeServices();
  let redis: RedisServer;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    await services.start();
    redis = await RedisServer.start();
    app = await startTestApp(
      testConfig({
        REDIS_URL: redis.url,
        MARKET_DATA_SOURCE: 'alpha-vantage',
        ALPHA_VANTAGE_API_KEY: AV_KEY,
        ALPHA_VANTAGE_PAIRS: 'EURUSD,GBPUSD',
        ALPHA_VANTAGE_BASE_URL: services.url,
        TRADING_TIMEFRAME: '1m',
        LLM_BASE_URL: `${services.url}/v1`,
        LLM_MODEL: 'llama3.1:8b',
        ENSEMBLE_WEIGHTS: 'llm=3,sma_crossover=1',
      }),
    );
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    await services.stop();
  });

  it('decides through the llm on candles from Alpha Vantage', async () => {
    const decision = await api(app)
      .post('/api/v1/decisions', { asset_pair: 'EURUSD', provider: 'llm' })
      .expect(201);
    expect(decision.body).toMatchObject({ provider: 'llm', action: 'SELL', confidence: 0.66 });
    expect(services.prompts.at(-1)).toContain('Asset pair: EURUSD');
    expect(Object.fromEntries(services.marketRequests[0])).toMatchObject({
      function: 'FX_INTRADAY',
      from_symbol: 'EUR',
      to_symbol: 'USD',
      interval: '1min',
      apikey: AV_KEY,
    });
  });

  it('lets the llm vote in the ensemble with its weight', async () => {
    const decision = await api(app).post('/api/v1/decisions', { asset_pair: 'GBPUSD' }).expect(201);
    expect(decision.body.provider).toBe('ensemble');
    expect(decision.body.reasoning).toContain('llm: SELL 0.66');
  });

  it('knows only the configured pairs', async () => {
    await api(app).post('/api/v1/decisions', { asset_pair: 'BTCUSD' }).expect(400);
  });
});
