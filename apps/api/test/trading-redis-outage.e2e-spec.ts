import { waitFor } from '@ffe/testing';
import { api } from './support/trading-env';
import { useTradingApp } from './support/use-trading-app';

/** Redis gone: the trading routes answer 503 (retryable), never 500, and recover with it. */
describe('trading routes while Redis is down', () => {
  const ctx = useTradingApp();

  it('answers 503 on every trading route during the outage and works again after it', async () => {
    await api(ctx.app)
      .post('/api/v1/bot/start', { asset_pairs: ['BTCUSD'] })
      .expect(200);
    await ctx.redis.kill('SIGTERM');
    const calls: [string, () => Promise<{ status: number }>][] = [
      ['status', () => api(ctx.app).get('/api/v1/bot/status')],
      ['stop', () => api(ctx.app).post('/api/v1/bot/stop')],
      ['emergency-stop', () => api(ctx.app).post('/api/v1/bot/emergency-stop')],
      ['config', () => api(ctx.app).patch('/api/v1/bot/config', { max_concurrent_trades: 3 })],
      ['positions', () => api(ctx.app).get('/api/v1/bot/positions')],
      [
        'manual-trade',
        () =>
          api(ctx.app).post('/api/v1/bot/manual-trade', {
            asset_pair: 'BTCUSD',
            action: 'BUY',
            size: 0.01,
          }),
      ],
      ['decisions', () => api(ctx.app).get('/api/v1/decisions')],
      ['portfolio', () => api(ctx.app).get('/api/v1/status')],
    ];
    for (const [route, call] of calls) {
      const { status } = await call();
      expect({ route, status }).toEqual({ route, status: 503 });
    }
    await ctx.redis.resume();
    await waitFor(async () => (await api(ctx.app).get('/api/v1/bot/status')).status === 200, {
      what: 'the status route to recover',
      timeoutMs: 20_000,
    });
    // The outage changed nothing: the bot still runs with what it was started with.
    const status = (await api(ctx.app).get('/api/v1/bot/status')).body;
    expect(status.state).toBe('running');
    expect(status.config.asset_pairs).toEqual(['BTCUSD']);
    expect(status.config.max_concurrent_trades).toBe(5);
  }, 40_000);
});
