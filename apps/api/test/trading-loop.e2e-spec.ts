import type { Position } from '@ffe/domain';
import { SimulatedMarketData } from '@ffe/market-data';
import { waitFor } from '@ffe/testing';
import request from 'supertest';
import { api, runInDryRun } from './support/trading-env';
import { useTradingApp } from './support/use-trading-app';

const LEDGER = 'ffe:{paper}:ledger';
const SEED = 11;
const FEE_PCT = 0.1;
const SLIPPAGE_PCT = 0.02;

/** The fill the paper platform should give, from the market alone (not from its own records). */
function independentPnl(market: SimulatedMarketData, position: Position): number {
  const close = (at: number) =>
    market.candlesSync({ pair: position.assetPair, timeframe: '1s', limit: 1, until: at })
      .candles[0].close;
  const slip = SLIPPAGE_PCT / 100;
  const long = position.side === 'long';
  const entry = close(position.openedAt) * (long ? 1 + slip : 1 - slip);
  const exit = close(position.closedAt!) * (long ? 1 - slip : 1 + slip);
  const fees = ((entry + exit) * position.size * FEE_PCT) / 100;
  return (long ? exit - entry : entry - exit) * position.size - fees;
}

const cents = (value: number) => Math.round(value * 100);

describe('the trading loop on the simulated market', () => {
  const ctx = useTradingApp(
    {
      SIMULATED_MARKET_SEED: String(SEED),
      PAPER_FEE_PCT: String(FEE_PCT),
      PAPER_SLIPPAGE_PCT: String(SLIPPAGE_PCT),
      ENSEMBLE_QUORUM: '1',
    },
    { admin: true },
  );
  const market = new SimulatedMarketData({ seed: SEED });

  async function closedPositions(): Promise<Position[]> {
    const entries = await ctx.admin.xrange(LEDGER, '-', '+');
    return entries
      .map(([, fields]) =>
        Object.fromEntries(fields.flatMap((_, i) => (i % 2 ? [] : [[fields[i], fields[i + 1]]]))),
      )
      .filter((entry) => entry.event === 'close')
      .map((entry) => JSON.parse(entry.position) as Position);
  }

  it('decides, trades, closes on stop-loss or take-profit, and gets P&L right to the cent', async () => {
    await api(ctx.app)
      .patch('/api/v1/bot/config', { confidence_threshold: 0, max_concurrent_trades: 3 })
      .expect(200);
    await api(ctx.app)
      .post('/api/v1/bot/start', {
        asset_pairs: ['BTCUSD', 'ETHUSD', 'SOLUSD'],
        autonomous: true,
        take_profit: 0.0004,
        stop_loss: 0.0004,
        dry_run: false,
      })
      .expect(200);
    const byExitRule = (p: Position) =>
      p.closeReason === 'stop_loss' || p.closeReason === 'take_profit';
    // A reversal may close positions first; wait until an exit rule has closed one too.
    await waitFor(
      async () => {
        const closed = await closedPositions();
        return closed.length >= 2 && closed.some(byExitRule);
      },
      {
        what: 'two positions closed by the cycle, one of them by stop-loss or take-profit',
        timeoutMs: 40_000,
      },
    );
    const closed = await closedPositions();
    for (const position of closed) {
      expect(['stop_loss', 'take_profit', 'signal_reversal']).toContain(position.closeReason);
      expect(cents(position.realizedPnl!)).toBe(cents(independentPnl(market, position)));
    }
    expect(closed.some(byExitRule)).toBe(true);
    const executed = (await api(ctx.app).get('/api/v1/decisions?limit=100')).body.decisions.filter(
      (d: { outcome: string }) => d.outcome === 'executed',
    );
    expect(executed.length).toBeGreaterThan(0);
    const metrics = (await request(ctx.app.getHttpServer()).get('/metrics')).text;
    expect(metrics).toMatch(
      /ffe_trade_pnl_dollars_summary_count\{asset_pair="(BTCUSD|ETHUSD|SOLUSD)"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /ffe_decision_latency_seconds_count\{provider="ensemble",asset_pair="BTCUSD"\} [1-9]/,
    );
  }, 60_000);

  it('keeps the books consistent: cash and realised P&L agree with the trades', async () => {
    const stop = await api(ctx.app).post('/api/v1/bot/stop').expect(200);
    expect(['stopping', 'stopped']).toContain(stop.body.state);
    await waitFor(
      async () => (await api(ctx.app).get('/api/v1/bot/status')).body.state === 'stopped',
      {
        what: 'the next cycle to settle stopping to stopped',
        timeoutMs: 10_000,
      },
    );
    // A stopped bot's cycles still close positions at their stops: read the account and the
    // ledger as one snapshot, retaking it if an exit landed in between.
    const { status, all } = await waitFor(
      async () => {
        const before = await ctx.admin.xlen(LEDGER);
        const status = (await api(ctx.app).get('/api/v1/status').expect(200)).body;
        const all = await closedPositions();
        return (await ctx.admin.xlen(LEDGER)) === before ? { status, all } : undefined;
      },
      { what: 'a snapshot of the account no exit changed meanwhile', timeoutMs: 10_000 },
    );
    const realized = all.reduce((sum, p) => sum + independentPnl(market, p), 0);
    expect(cents(status.realized_pnl)).toBe(cents(realized));
    const locked = status.open_positions.reduce(
      (sum: number, p: { entry_price: number; size: number }) => sum + p.entry_price * p.size,
      0,
    );
    const entryFees = (locked * FEE_PCT) / 100;
    expect(cents(status.balances.cash)).toBe(cents(10_000 + realized - locked - entryFees));
    expect(status).toMatchObject({ platform: 'paper', drawdown_pct: expect.any(Number) });
  });

  it('emergency stop with close_positions closes each position, and again is safe', async () => {
    await api(ctx.app).post('/api/v1/bot/start', {}).expect(200);
    const manual = await api(ctx.app)
      .post('/api/v1/bot/manual-trade', { asset_pair: 'ETHUSD', action: 'BUY', size: 0.1 })
      .expect(201);
    expect(manual.body).toMatchObject({
      status: 'filled',
      position: { asset_pair: 'ETHUSD', side: 'long' },
    });
    const open = (await api(ctx.app).get('/api/v1/bot/positions').expect(200)).body;
    expect(open.count).toBeGreaterThanOrEqual(1);
    const stop = await api(ctx.app)
      .post('/api/v1/bot/emergency-stop?close_positions=true')
      .expect(200);
    expect(stop.body.state).toBe('emergency_stopped');
    expect(stop.body.failed).toEqual([]);
    expect([...stop.body.closed].sort()).toEqual(
      open.positions.map((p: { id: string }) => p.id).sort(),
    );
    const again = await api(ctx.app)
      .post('/api/v1/bot/emergency-stop?close_positions=true')
      .expect(200);
    expect(again.body).toEqual({ state: 'emergency_stopped', closed: [], failed: [] });
    expect((await api(ctx.app).get('/api/v1/bot/positions')).body.count).toBe(0);
    await api(ctx.app).post(`/api/v1/bot/positions/${manual.body.position.id}/close`).expect(409);
  });

  it('in dry-run decides and records, and no order leaves for the platform', async () => {
    const trades = Number(await ctx.admin.hget('ffe:{paper}:account', 'trades'));
    const ledger = await ctx.admin.xlen(LEDGER);
    await runInDryRun(ctx.app, {}, { asset_pair: 'BTCUSD', action: 'SELL', size: 0.01 });
    expect(Number(await ctx.admin.hget('ffe:{paper}:account', 'trades'))).toBe(trades);
    expect(await ctx.admin.xlen(LEDGER)).toBe(ledger);
    expect((await api(ctx.app).get('/api/v1/bot/positions')).body.count).toBe(0);
  }, 30_000);
});
