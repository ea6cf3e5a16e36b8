import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { MarketDataProvider, TradingPlatform } from '@ffe/domain';
import { SimulatedMarketData } from '@ffe/market-data';
import { RedisServer } from '@ffe/testing';
import Redis from 'ioredis';
import request from 'supertest';
import { DecisionEngine } from '../src/app/trading-core/decision-engine.service';
import { TradingCycleService } from '../src/app/trading-cycle/trading-cycle.service';
import { MARKET_DATA } from '../src/services/market-data/market-data.tokens';
import { TRADING_PLATFORM } from '../src/services/trading-platform/trading-platform.tokens';
import { holdScheduledCycles } from './support/driven-cycle';
import { startTestApp, testConfig } from './support/test-app';
import { api, tradingEnv } from './support/trading-env';

const SEED = 7;
/** One scheduled cycle at boot, then none for an hour: the tests run each cycle themselves. */
const DRIVEN = { SIMULATED_MARKET_SEED: String(SEED), DECISION_INTERVAL_SECONDS: '3600' };

const market = new SimulatedMarketData({ seed: SEED });

/** The close a cycle at `at` prices the pair at: the last 1 s bar closed before `at`. */
function priceAt(pair: string, at: number): number {
  return market.candlesSync({ pair, timeframe: '1s', limit: 1, until: at }).candles[0].close;
}

/** The first cycle time after `from` at which the pair's price is at or below `level`. */
function firstCycleAtOrBelow(pair: string, level: number, from: number): number {
  const window = 600;
  for (let until = from + window * 1_000; until < from + 86_400_000; until += window * 1_000) {
    const { candles } = market.candlesSync({ pair, timeframe: '1s', limit: window, until });
    const bar = candles.find((c) => c.timestamp >= from && c.close <= level);
    if (bar) return bar.timestamp + 1_000;
  }
  throw new Error(`${pair} never reaches ${level} within a day of the simulated market`);
}

/** A running app whose trading cycles the test drives, with ids of its own. */
async function drivenApp(redis: RedisServer, admin: Redis, env: Record<string, string>) {
  const app = await startTestApp(testConfig(tradingEnv(redis.url, { ...DRIVEN, ...env })));
  // The scheduler's first job runs at once; let it finish so no cycle runs beside ours.
  await holdScheduledCycles(app, admin);
  let cycles = 0;
  // Each driven cycle is the newest the test means, at whatever time it picks: the fence
  // (which refuses a cycle older than the last one) is lifted first.
  const runCycle = async (at = Date.now()) => {
    await admin.hdel('ffe:bot', 'last_cycle_at');
    return app.get(TradingCycleService).run({ cycleId: `driven-${++cycles}`, at });
  };
  return { app, runCycle };
}

async function auditEntries(admin: Redis, count: number): Promise<Record<string, unknown>[]> {
  const entries = await admin.xrevrange('ffe:bot:audit', '+', '-', 'COUNT', count);
  return entries.map(([, fields]) => JSON.parse(fields[1]) as Record<string, unknown>);
}

describe('cycle safety: exits in every state, stop through stopping, a start left half-done', () => {
  let redis: RedisServer;
  let admin: Redis;
  let app: NestFastifyApplication;
  let runCycle: (at?: number) => ReturnType<TradingCycleService['run']>;
  const state = async () => (await api(app).get('/api/v1/bot/status').expect(200)).body.state;
  const metrics = async () => (await request(app.getHttpServer()).get('/metrics')).text;

  beforeAll(async () => {
    redis = await RedisServer.start();
    admin = new Redis(redis.url);
    ({ app, runCycle } = await drivenApp(redis, admin, {}));
  });
  afterAll(async () => {
    await app?.close();
    admin.disconnect();
    await redis.stop();
  });

  it('asks the market nothing in a cycle of a stopped bot with nothing open', async () => {
    const candles = jest.spyOn(app.get<MarketDataProvider>(MARKET_DATA), 'candles');
    try {
      const report = await runCycle();
      expect(report).toMatchObject({ state: 'stopped', skipped: 'stopped', decisions: 0 });
      expect(candles).not.toHaveBeenCalled();
    } finally {
      candles.mockRestore();
    }
    expect(await admin.hget('ffe:bot', 'active_positions')).toBe('0');
  });

  it('stops through stopping: a repeated stop reports it, the next cycle settles it', async () => {
    await api(app)
      .post('/api/v1/bot/start', { asset_pairs: ['BTCUSD'], autonomous: false })
      .expect(200);
    const stop = await api(app).post('/api/v1/bot/stop').expect(200);
    expect(stop.body).toMatchObject({ state: 'stopping', is_operational: false });
    const again = await api(app).post('/api/v1/bot/stop').expect(200);
    expect(again.body.state).toBe('stopping');
    expect(await metrics()).toContain('ffe_agent_state 3');
    const decisions = await admin.xlen('ffe:decisions');

    const report = await runCycle();
    expect(report).toMatchObject({ state: 'stopped', decisions: 0 });
    expect(await state()).toBe('stopped');
    expect(await admin.xlen('ffe:decisions')).toBe(decisions);
    expect(await metrics()).toContain('ffe_agent_state 0');
    const [settled, stopped] = await auditEntries(admin, 2);
    expect(stopped).toMatchObject({ action: 'stop', from: 'running' });
    expect(settled).toMatchObject({ action: 'stopped', from: 'stopping', by: 'trading_cycle' });
  });

  it('resumes at once on a start while stopping', async () => {
    await api(app).post('/api/v1/bot/start', {}).expect(200);
    expect((await api(app).post('/api/v1/bot/stop').expect(200)).body.state).toBe('stopping');
    const resumed = await api(app).post('/api/v1/bot/start', {}).expect(200);
    expect(resumed.body.state).toBe('running');
    expect((await runCycle()).state).toBe('running');
    await api(app).post('/api/v1/bot/stop').expect(200);
    expect((await runCycle()).state).toBe('stopped');
  });

  it('settles a start left in starting (a crash between its two writes) to running', async () => {
    // What the first write of a start leaves when the process dies before the second.
    await admin
      .multi()
      .hset('ffe:bot', 'state', 'starting')
      .hincrby('ffe:bot', 'version', 1)
      .exec();
    expect(await state()).toBe('starting');
    expect(await metrics()).toContain('ffe_agent_state 1');
    // The same start again is a no-op: it is the cycle that gets the bot out.
    expect((await api(app).post('/api/v1/bot/start', {}).expect(200)).body.state).toBe('starting');

    const report = await runCycle();
    expect(report).toMatchObject({ state: 'running', decisions: 1 });
    expect(report.skipped).toBeUndefined();
    expect(await state()).toBe('running');
    const [settled] = await auditEntries(admin, 1);
    expect(settled).toMatchObject({ action: 'running', from: 'starting', by: 'trading_cycle' });

    await api(app).post('/api/v1/bot/stop').expect(200);
    expect((await runCycle()).state).toBe('stopped');
  });

  it("closes a stopped bot's position at its stop-loss, and publishes the figures", async () => {
    const pair = 'BTCUSD';
    const stopLoss = priceAt(pair, Date.now()) * 0.995;
    const trade = await api(app)
      .post('/api/v1/bot/manual-trade', {
        asset_pair: pair,
        action: 'BUY',
        size: 0.01,
        stop_loss: stopLoss,
      })
      .expect(201);
    const id = trade.body.position.id as string;
    const from = Date.now();
    const crossing = firstCycleAtOrBelow(pair, stopLoss, from);

    const before = await runCycle(from);
    expect(before).toMatchObject({ state: 'stopped', closed: 0 });
    expect(await admin.hget('ffe:bot', 'active_positions')).toBe('1');

    const after = await runCycle(crossing);
    expect(after).toMatchObject({ state: 'stopped', skipped: 'stopped', closed: 1 });
    const closed = await app.get<TradingPlatform>(TRADING_PLATFORM).getPosition({ positionId: id });
    expect(closed).toMatchObject({
      status: 'closed',
      closeReason: 'stop_loss',
      closedAt: crossing,
    });
    expect(await admin.hget('ffe:bot', 'active_positions')).toBe('0');
    expect(await metrics()).toContain('ffe_active_trades_total{platform="paper"} 0');
    expect(await state()).toBe('stopped');
  });

  it('refuses new entries during an emergency stop with a 409 naming the code; closes and exits still work', async () => {
    const plain = await api(app)
      .post('/api/v1/bot/manual-trade', { asset_pair: 'ETHUSD', action: 'BUY', size: 0.1 })
      .expect(201);
    const stopLoss = priceAt('BTCUSD', Date.now()) * 0.995;
    const guarded = await api(app)
      .post('/api/v1/bot/manual-trade', {
        asset_pair: 'BTCUSD',
        action: 'BUY',
        size: 0.01,
        stop_loss: stopLoss,
      })
      .expect(201);
    const from = Date.now();
    const stop = await api(app).post('/api/v1/bot/emergency-stop').expect(200);
    expect(stop.body).toEqual({ state: 'emergency_stopped', closed: [], failed: [] });

    const refused = await api(app)
      .post('/api/v1/bot/manual-trade', { asset_pair: 'SOLUSD', action: 'BUY', size: 1 })
      .expect(409);
    expect(refused.body.code).toBe('BOT.EMERGENCY_STOPPED');
    // The boundary itself refuses, whichever code path asks: not only the manual-trade route.
    const platform = app.get<TradingPlatform>(TRADING_PLATFORM);
    const order = {
      idempotencyKey: 'order:from-any-path',
      assetPair: 'SOLUSD',
      side: 'BUY' as const,
      size: 1,
      marketPrice: priceAt('SOLUSD', from),
      at: from,
    };
    await expect(platform.placeOrder({ order })).rejects.toMatchObject({
      code: 'BOT.EMERGENCY_STOPPED',
    });
    await expect(platform.matchPendingOrders({ prices: {}, at: from })).rejects.toMatchObject({
      code: 'BOT.EMERGENCY_STOPPED',
    });

    const closed = await api(app)
      .post(`/api/v1/bot/positions/${plain.body.position.id}/close`)
      .expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', close_reason: 'manual' });

    const report = await runCycle(firstCycleAtOrBelow('BTCUSD', stopLoss, from));
    expect(report).toMatchObject({ state: 'emergency_stopped', closed: 1, decisions: 0 });
    const exited = await platform.getPosition({ positionId: guarded.body.position.id });
    expect(exited).toMatchObject({ status: 'closed', closeReason: 'stop_loss' });
    expect((await api(app).get('/api/v1/bot/positions')).body.count).toBe(0);
    expect(await state()).toBe('emergency_stopped');
  });
});

describe('cycle safety: the drawdown kill switch acts before any entry', () => {
  let redis: RedisServer;
  let admin: Redis;
  let app: NestFastifyApplication;
  let runCycle: (at?: number) => ReturnType<TradingCycleService['run']>;
  const PAIRS = ['BTCUSD', 'ETHUSD', 'SOLUSD'];

  beforeAll(async () => {
    redis = await RedisServer.start();
    admin = new Redis(redis.url);
    // A fee that costs a large position 0.45 % at once: a drawdown well past the 0.2 % limit.
    ({ app, runCycle } = await drivenApp(redis, admin, {
      MAX_DRAWDOWN_PCT: '0.2',
      PAPER_FEE_PCT: '0.5',
      ENSEMBLE_QUORUM: '1',
    }));
  });
  afterAll(async () => {
    await app?.close();
    admin.disconnect();
    await redis.stop();
  });

  /** A cycle time soon after `from` at which the ensemble wants to enter on some pair. */
  async function cycleWithAnEntrySignal(from: number) {
    const engine = app.get(DecisionEngine);
    for (let at = from; at < from + 120_000; at += 1_000) {
      for (const pair of PAIRS) {
        const decision = await engine.decide({ pair, at, outcome: 'hold' });
        if (decision.action !== 'HOLD') return { at, pair };
      }
    }
    throw new Error('no BUY or SELL within two minutes of the simulated market');
  }

  it('latches the emergency stop and places no entry in the cycle that finds the breach', async () => {
    // A confidence no decision reaches: the first cycle records the peak and enters nothing.
    await api(app).patch('/api/v1/bot/config', { confidence_threshold: 1 }).expect(200);
    await api(app)
      .post('/api/v1/bot/start', {
        asset_pairs: PAIRS,
        autonomous: true,
        dry_run: false,
        stop_loss: 0.5,
        take_profit: 5,
      })
      .expect(200);
    const first = await runCycle();
    expect(first).toMatchObject({ state: 'running', opened: 0, decisions: PAIRS.length });
    expect(Number(await admin.hget('ffe:bot', 'peak_value'))).toBe(10_000);

    // A loss outside the bot's pairs, a pending order, and now every signal may enter.
    const cash = (await api(app).get('/api/v1/status').expect(200)).body.balances.cash as number;
    const eurusd = priceAt('EURUSD', Date.now());
    await api(app)
      .post('/api/v1/bot/manual-trade', {
        asset_pair: 'EURUSD',
        action: 'BUY',
        size: Math.floor((0.9 * cash) / eurusd),
      })
      .expect(201);
    await api(app)
      .post('/api/v1/bot/manual-trade', {
        asset_pair: 'BTCUSD',
        action: 'BUY',
        size: 0.01,
        price: 1,
      })
      .expect(201);
    expect(await admin.hlen('ffe:{paper}:pending')).toBe(1);
    await api(app).patch('/api/v1/bot/config', { confidence_threshold: 0 }).expect(200);
    // A cycle whose decisions would enter (a BUY or SELL at threshold 0 on a pair with no
    // position and cash to spare), were it not for the breach.
    const { at } = await cycleWithAnEntrySignal(Date.now());
    const trades = await app.get<TradingPlatform>(TRADING_PLATFORM).tradeCount();
    const decisions = await admin.xlen('ffe:decisions');

    const breached = await runCycle(at);
    expect(breached).toMatchObject({ skipped: 'kill_switch', opened: 0, decisions: 0 });
    expect((await api(app).get('/api/v1/bot/status')).body.state).toBe('emergency_stopped');
    expect(await app.get<TradingPlatform>(TRADING_PLATFORM).tradeCount()).toBe(trades);
    expect(await admin.xlen('ffe:decisions')).toBe(decisions);
    expect(await admin.hlen('ffe:{paper}:pending')).toBe(0);
    const positions = (await api(app).get('/api/v1/bot/positions')).body.positions;
    expect(positions.map((p: { asset_pair: string }) => p.asset_pair)).toEqual(['EURUSD']);
    const [latched] = await auditEntries(admin, 1);
    expect(latched).toMatchObject({ action: 'kill_switch', peak: 10_000 });
    expect(latched.drawdown_pct).toBeGreaterThanOrEqual(0.2);
  }, 60_000);
});
