import { waitFor } from '@ffe/testing';
import request from 'supertest';
import { metricSample } from './support/metric-sample';
import { api } from './support/trading-env';
import { useTradingApp } from './support/use-trading-app';

describe('risk controls: manual trades, closes, limit orders, drawdown kill switch', () => {
  const ctx = useTradingApp({ MAX_DRAWDOWN_PCT: '0.1', ENSEMBLE_QUORUM: '1' }, { admin: true });

  it('closes a manual position once: 200 with its P&L, then 409; an unknown id is 404', async () => {
    const trade = await api(ctx.app)
      .post('/api/v1/bot/manual-trade', { asset_pair: 'EURUSD', action: 'BUY', size: 100 })
      .expect(201);
    expect(trade.body).toMatchObject({ status: 'filled', position: { side: 'long', size: 100 } });
    const id = trade.body.position.id;
    const listed = (await api(ctx.app).get('/api/v1/bot/positions').expect(200)).body;
    expect(listed).toMatchObject({ count: 1, positions: [{ id, asset_pair: 'EURUSD' }] });
    expect(listed.total_value).toBeGreaterThan(0);
    const closed = await api(ctx.app).post(`/api/v1/bot/positions/${id}/close`).expect(200);
    expect(closed.body).toMatchObject({ id, status: 'closed', close_reason: 'manual' });
    expect(closed.body.realized_pnl).toEqual(expect.any(Number));
    await api(ctx.app).post(`/api/v1/bot/positions/${id}/close`).expect(409);
    await api(ctx.app)
      .post('/api/v1/bot/positions/00000000-0000-0000-0000-000000000000/close')
      .expect(404);
  });

  it('replays a manual trade retried with the same Idempotency-Key instead of trading twice', async () => {
    const send = () =>
      api(ctx.app)
        .post('/api/v1/bot/manual-trade', { asset_pair: 'GBPUSD', action: 'BUY', size: 10 })
        .set('Idempotency-Key', 'retry-me-1');
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.position.id).toBe(b.body.position.id);
    expect([a.body.replayed, b.body.replayed].sort()).toEqual([false, true]);
    await api(ctx.app).post(`/api/v1/bot/positions/${a.body.position.id}/close`).expect(200);
  });

  it('keeps a limit order that the price has not reached pending', async () => {
    const trade = await api(ctx.app)
      .post('/api/v1/bot/manual-trade', {
        asset_pair: 'BTCUSD',
        action: 'BUY',
        size: 0.01,
        price: 1,
      })
      .expect(201);
    expect(trade.body).toMatchObject({ status: 'pending', position: null });
    expect((await api(ctx.app).get('/api/v1/bot/positions')).body.count).toBe(0);
  });

  it('latches the emergency stop when the drawdown passes MAX_DRAWDOWN_PCT, and cancels pending orders', async () => {
    await api(ctx.app)
      .patch('/api/v1/bot/config', {
        confidence_threshold: 0,
        position_size_pct: 100,
        stop_loss_pct: 50,
      })
      .expect(200);
    const before = (await api(ctx.app).get('/api/v1/bot/status')).body.last_decision_time;
    await api(ctx.app)
      .post('/api/v1/bot/start', {
        asset_pairs: ['BTCUSD', 'EURUSD'],
        autonomous: false, // only the manual trade below moves the account
        stop_loss: 0.5,
        take_profit: 5,
      })
      .expect(200);
    // The switch measures from the peak a cycle records: let one cycle record it first.
    await waitFor(
      async () => {
        const status = (await api(ctx.app).get('/api/v1/bot/status')).body;
        return status.last_decision_time !== null && status.last_decision_time !== before;
      },
      { what: 'the first cycle to record the portfolio peak', timeoutMs: 20_000 },
    );
    // A position of 90 % of the cash costs its fee and slippage (0.15 %) at once: > 0.1 %.
    const price = (
      await api(ctx.app).post('/api/v1/decisions', { asset_pair: 'EURUSD' }).expect(201)
    ).body.price as number;
    const cash = (await api(ctx.app).get('/api/v1/status').expect(200)).body.balances
      .cash as number;
    const trade = await api(ctx.app)
      .post('/api/v1/bot/manual-trade', {
        asset_pair: 'EURUSD',
        action: 'BUY',
        size: Math.floor((0.9 * cash) / price),
      })
      .expect(201);
    expect(trade.body.status).toBe('filled');
    await waitFor(
      async () => (await api(ctx.app).get('/api/v1/bot/status')).body.state === 'emergency_stopped',
      { what: 'the kill switch to latch the emergency stop', timeoutMs: 20_000 },
    );
    const audit = await ctx.admin.xrevrange('ffe:bot:audit', '+', '-', 'COUNT', 5);
    const entries = audit.map(([, fields]) => JSON.parse(fields[1]));
    expect(entries.find((e) => e.action === 'kill_switch')).toMatchObject({
      drawdown_pct: expect.any(Number),
    });
    expect(await ctx.admin.hlen('ffe:{paper}:pending')).toBe(0);
    const portfolio = (await api(ctx.app).get('/api/v1/status').expect(200)).body;
    expect(portfolio.drawdown_pct).toBeGreaterThan(0);
    await api(ctx.app)
      .post('/api/v1/bot/manual-trade', { asset_pair: 'BTCUSD', action: 'BUY', size: 0.01 })
      .expect(409);
  }, 30_000);

  it('counted each order at the platform boundary, each close by reason and the trip once', async () => {
    const text = (await request(ctx.app.getHttpServer()).get('/metrics')).text;
    const orders = (side: string, status: string) =>
      metricSample(text, 'ffe_orders_total', { platform: 'paper', side, status });
    expect(orders('BUY', 'filled')).toBeGreaterThanOrEqual(3);
    expect(orders('BUY', 'pending')).toBe(1);
    expect(
      metricSample(text, 'ffe_order_latency_seconds_count', { platform: 'paper' }),
    ).toBeGreaterThanOrEqual(4);
    expect(metricSample(text, 'ffe_position_exits_total', { reason: 'manual' })).toBe(2);
    expect(metricSample(text, 'ffe_position_exits_total', { reason: 'other' })).toBe(0);
    expect(metricSample(text, 'ffe_kill_switch_trips_total')).toBe(1);
  });
});
