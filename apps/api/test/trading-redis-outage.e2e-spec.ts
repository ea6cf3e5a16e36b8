import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisServer, waitFor } from '@ffe/testing';
import { startTestApp, testConfig } from './support/test-app';
import { api, tradingEnv } from './support/trading-env';

/** Redis gone: the trading routes answer 503 (retryable), never 500, and recover with it. */
describe('trading routes while Redis is down', () => {
  let redis: RedisServer;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    redis = await RedisServer.start();
    app = await startTestApp(testConfig(tradingEnv(redis.url)));
  });
  afterAll(async () => {
    await app?.close();
    await redis.stop();
  });

  it('answers 503 on every trading route during the outage and works again after it', async () => {
    await api(app)
      .post('/api/v1/bot/start', { asset_pairs: ['BTCUSD'] })
      .expect(200);
    await redis.kill('SIGTERM');
    const calls: [string, () => Promise<{ status: number }>][] = [
      ['status', () => api(app).get('/api/v1/bot/status')],
      ['stop', () => api(app).post('/api/v1/bot/stop')],
      ['emergency-stop', () => api(app).post('/api/v1/bot/emergency-stop')],
      ['config', () => api(app).patch('/api/v1/bot/config', { max_concurrent_trades: 3 })],
      ['positions', () => api(app).get('/api/v1/bot/positions')],
      [
        'manual-trade',
        () =>
          api(app).post('/api/v1/bot/manual-trade', {
            asset_pair: 'BTCUSD',
            action: 'BUY',
            size: 0.01,
          }),
      ],
      ['decisions', () => api(app).get('/api/v1/decisions')],
      ['portfolio', () => api(app).get('/api/v1/status')],
    ];
    for (const [route, call] of calls) {
      const { status } = await call();
      expect({ route, status }).toEqual({ route, status: 503 });
    }
    await redis.resume();
    await waitFor(async () => (await api(app).get('/api/v1/bot/status')).status === 200, {
      what: 'the status route to recover',
      timeoutMs: 20_000,
    });
    // The outage changed nothing: the bot still runs with what it was started with.
    const status = (await api(app).get('/api/v1/bot/status')).body;
    expect(status.state).toBe('running');
    expect(status.config.asset_pairs).toEqual(['BTCUSD']);
    expect(status.config.max_concurrent_trades).toBe(5);
  }, 40_000);
});
