import { DecisionEngine } from '../src/app/trading-core/decision-engine.service';
import { drivenApp, type DrivenApp } from './support/driven-cycle';
import { api } from './support/trading-env';

describe('the paper account nets like spot: manual SELLs sell the long, the cycle shorts nothing', () => {
  let driven: DrivenApp;

  beforeAll(async () => {
    driven = await drivenApp({ ENSEMBLE_QUORUM: '1' });
  });
  afterAll(async () => {
    await driven?.close();
  });

  const trade = (body: object) => api(driven.app).post('/api/v1/bot/manual-trade', body);
  const positions = async () =>
    (await api(driven.app).get('/api/v1/bot/positions').expect(200)).body.positions as {
      id: string;
      side: string;
      size: number;
    }[];

  it('reduces the long on a smaller SELL, closes it on a SELL of the rest, refuses more', async () => {
    const bought = await trade({ asset_pair: 'BTCUSD', action: 'BUY', size: 0.02 }).expect(201);
    const id = bought.body.position.id as string;

    const reduced = await trade({ asset_pair: 'BTCUSD', action: 'SELL', size: 0.005 }).expect(201);
    expect(reduced.body).toMatchObject({ status: 'filled', position: null });
    expect(reduced.body.closed).toEqual([
      expect.objectContaining({ status: 'closed', size: 0.005, close_reason: 'sell' }),
    ]);
    expect(reduced.body.closed[0].realized_pnl).toEqual(expect.any(Number));
    expect(await positions()).toEqual([expect.objectContaining({ id, side: 'long', size: 0.015 })]);

    const oversize = await trade({ asset_pair: 'BTCUSD', action: 'SELL', size: 1 }).expect(400);
    expect(oversize.body).toMatchObject({ code: 'ORDER.SIZE_EXCEEDS_LONG' });
    expect(JSON.stringify(oversize.body)).toContain('size');
    expect(await positions()).toHaveLength(1);

    const closed = await trade({ asset_pair: 'BTCUSD', action: 'SELL', size: 0.015 }).expect(201);
    expect(closed.body.closed).toEqual([
      expect.objectContaining({ id, status: 'closed', size: 0.015, close_reason: 'sell' }),
    ]);
    expect(await positions()).toEqual([]);

    const none = await trade({ asset_pair: 'BTCUSD', action: 'SELL', size: 0.01 }).expect(400);
    expect(none.body).toMatchObject({ code: 'ORDER.NO_LONG_TO_SELL' });
    expect(JSON.stringify(none.body)).toContain('action');
    expect(await positions()).toEqual([]);
    const status = (await api(driven.app).get('/api/v1/status').expect(200)).body;
    expect(status.balances.cash).toBeGreaterThan(9_900);
  });

  it('places no SELL entry in a cycle with nothing open: the risk rule rejects it', async () => {
    const { app, runCycle } = driven;
    const engine = app.get(DecisionEngine);
    const pairs = ['BTCUSD', 'ETHUSD', 'SOLUSD'];
    let found: { at: number; pair: string } | undefined;
    for (let at = Date.now(); !found && at < Date.now() + 600_000; at += 1_000) {
      for (const pair of pairs) {
        const decision = await engine.decide({ pair, at, outcome: 'hold' });
        if (decision.action === 'SELL') found = { at, pair };
      }
    }
    if (!found) throw new Error('no SELL signal within ten minutes of the simulated market');
    await api(app).patch('/api/v1/bot/config', { confidence_threshold: 0 }).expect(200);
    await api(app)
      .post('/api/v1/bot/start', { asset_pairs: [found.pair], autonomous: true, dry_run: false })
      .expect(200);

    const report = await runCycle(found.at);
    expect(report).toMatchObject({ state: 'running', opened: 0, decisions: 1 });
    const [decision] = (await api(app).get('/api/v1/decisions?limit=1').expect(200)).body.decisions;
    expect(decision).toMatchObject({
      asset_pair: found.pair,
      action: 'SELL',
      outcome: 'rejected',
      note: 'no long to sell and the platform opens no shorts',
    });
    expect(await positions()).toEqual([]);
  });
});
