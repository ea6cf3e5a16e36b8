import type { TradingPlatform } from '@ffe/domain';
import { TRADING_PLATFORM } from '../src/services/trading-platform/trading-platform.tokens';
import { drivenApp, firstCycleAtOrBelow, priceAt, type DrivenApp } from './support/driven-cycle';
import { api } from './support/trading-env';

describe('dry-run holds new risk, never the exits of positions that exist', () => {
  let driven: DrivenApp;

  beforeAll(async () => {
    driven = await drivenApp();
  });
  afterAll(async () => {
    await driven?.close();
  });

  const trade = async (body: object) =>
    (await api(driven.app).post('/api/v1/bot/manual-trade', body).expect(201)).body;

  it('closes a real position at its stop-loss in the first cycle past the stop, in dry-run', async () => {
    const { app, runCycle } = driven;
    const pair = 'BTCUSD';
    const stopLoss = priceAt(pair, Date.now()) * 0.995;
    const live = await trade({ asset_pair: pair, action: 'BUY', size: 0.01, stop_loss: stopLoss });
    expect(live.status).toBe('filled');
    await api(app)
      .post('/api/v1/bot/start', { asset_pairs: [pair], autonomous: false, dry_run: true })
      .expect(200);
    // New risk stays home while dry-run is set...
    const held = await trade({ asset_pair: 'ETHUSD', action: 'BUY', size: 0.1 });
    expect(held).toMatchObject({ status: 'dry_run', position: null });

    // ...but the price past the stop closes the real position within the cycle that sees it.
    const crossing = firstCycleAtOrBelow(pair, stopLoss, Date.now());
    const report = await runCycle(crossing);
    expect(report).toMatchObject({ state: 'running', closed: 1 });
    const closed = await app
      .get<TradingPlatform>(TRADING_PLATFORM)
      .getPosition({ positionId: live.position.id });
    expect(closed).toMatchObject({
      status: 'closed',
      closeReason: 'stop_loss',
      closedAt: crossing,
    });
    expect((await api(app).get('/api/v1/bot/positions')).body.count).toBe(0);
  });

  it('closes every position on emergency-stop?close_positions=true in dry-run, and says so', async () => {
    const { app } = driven;
    const run = (dryRun: boolean) =>
      api(app)
        .post('/api/v1/bot/start', { asset_pairs: ['BTCUSD'], autonomous: false, dry_run: dryRun })
        .expect(200);
    await api(app).post('/api/v1/bot/stop').expect(200);
    await run(false);
    const a = await trade({ asset_pair: 'BTCUSD', action: 'BUY', size: 0.01 });
    const b = await trade({ asset_pair: 'EURUSD', action: 'BUY', size: 100 });
    expect([a.status, b.status]).toEqual(['filled', 'filled']);
    await api(app).post('/api/v1/bot/stop').expect(200);
    await run(true);

    const stop = await api(app).post('/api/v1/bot/emergency-stop?close_positions=true').expect(200);
    expect(stop.body.failed).toEqual([]);
    expect([...stop.body.closed].sort()).toEqual([a.position.id, b.position.id].sort());
    expect((await api(app).get('/api/v1/bot/positions')).body.count).toBe(0);
    const platform = app.get<TradingPlatform>(TRADING_PLATFORM);
    for (const id of [a.position.id, b.position.id]) {
      expect(await platform.getPosition({ positionId: id })).toMatchObject({
        status: 'closed',
        closeReason: 'emergency_stop',
      });
    }
  });
});
