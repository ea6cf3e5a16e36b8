import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisServer } from '@ffe/testing';
import Redis from 'ioredis';
import { TradingCycleService } from '../src/app/trading-cycle/trading-cycle.service';
import { holdScheduledCycles } from './support/driven-cycle';
import { startTestApp, testConfig } from './support/test-app';
import { signalTime } from './support/signal-times';
import { api, tradingEnv } from './support/trading-env';

/** One scheduled cycle at boot, then none for an hour: the tests run each cycle themselves. */
const DRIVEN = { DECISION_INTERVAL_SECONDS: '3600' };
const POSITIONS = 'ffe:{paper}:positions';
const THRESHOLD = 0.4;

/** Everything a cycle could change: the paper account, the decisions, the bot's figures. */
async function books(admin: Redis) {
  return {
    account: await admin.hgetall('ffe:{paper}:account'),
    positions: await admin.hgetall(POSITIONS),
    orders: await admin.hgetall('ffe:{paper}:orders'),
    pending: await admin.hgetall('ffe:{paper}:pending'),
    ledger: await admin.xrange('ffe:{paper}:ledger', '-', '+'),
    decisions: await admin.xrange('ffe:decisions', '-', '+'),
    bot: await admin.hgetall('ffe:bot'),
    audit: await admin.xlen('ffe:bot:audit'),
  };
}

describe('the cycle fence: a cycle never acts on a book newer than its own time', () => {
  let redis: RedisServer;
  let admin: Redis;
  let app: NestFastifyApplication;
  let cycles = 0;
  const run = (at: number) =>
    app.get(TradingCycleService).run({ cycleId: `fence-${++cycles}`, at });

  /** A manual BTCUSD long whose stop every price is past, dated `openedAt`. */
  async function longPastItsStop(openedAt: number): Promise<string> {
    const trade = await api(app)
      .post('/api/v1/bot/manual-trade', { asset_pair: 'BTCUSD', action: 'BUY', size: 0.01 })
      .expect(201);
    const id = trade.body.position.id as string;
    const position = JSON.parse((await admin.hget(POSITIONS, id))!);
    await admin.hset(POSITIONS, id, JSON.stringify({ ...position, stopLoss: 1e12, openedAt }));
    return id;
  }

  beforeAll(async () => {
    redis = await RedisServer.start();
    admin = new Redis(redis.url);
    app = await startTestApp(testConfig(tradingEnv(redis.url, DRIVEN)));
    await holdScheduledCycles(app, admin);
  });
  afterAll(async () => {
    await app?.close();
    admin.disconnect();
    await redis.stop();
  });

  it('a cycle older than one that ran acts on nothing: no exit, entry or figures', async () => {
    await api(app)
      .post('/api/v1/bot/start', { asset_pairs: ['BTCUSD', 'ETHUSD'], autonomous: true })
      .expect(200);
    // T2 trades nothing: no signal reaches a threshold of 1.
    await api(app).patch('/api/v1/bot/config', { confidence_threshold: 1 }).expect(200);
    // T1 would enter on ETHUSD and reverse a BTCUSD long, were it the newest cycle.
    const t1 = await signalTime(
      app,
      { BTCUSD: 'SELL', ETHUSD: 'BUY' },
      { from: Date.now() + 5_000, threshold: THRESHOLD },
    );
    const t2 = t1 + 30_000;
    expect(await run(t2)).toMatchObject({ state: 'running', opened: 0, closed: 0 });
    await api(app).patch('/api/v1/bot/config', { confidence_threshold: THRESHOLD }).expect(200);
    const id = await longPastItsStop(t1 - 60_000);
    const before = await books(admin);

    const stale = await run(t1);
    expect(stale).toMatchObject({ skipped: 'stale', decisions: 0, opened: 0, closed: 0 });
    expect(await books(admin)).toEqual(before);
    expect(await admin.hget('ffe:bot', 'last_cycle_at')).toBe(String(t2));
    expect((await api(app).get(`/api/v1/bot/positions`).expect(200)).body.positions).toEqual([
      expect.objectContaining({ id }),
    ]);
    await api(app).post(`/api/v1/bot/positions/${id}/close`).expect(200);
  });

  it('leaves a position opened after the cycle’s time to the next cycle', async () => {
    await api(app).patch('/api/v1/bot/config', { confidence_threshold: THRESHOLD }).expect(200);
    const at = await signalTime(
      app,
      { BTCUSD: 'SELL' },
      { from: Number(await admin.hget('ffe:bot', 'last_cycle_at')) + 1_000, threshold: THRESHOLD },
    );
    // A manual trade that landed between the cycle's due time and its (re-)run.
    const id = await longPastItsStop(at + 1_000);

    const report = await run(at);
    expect(report).toMatchObject({ state: 'running', closed: 0 });
    const position = JSON.parse((await admin.hget(POSITIONS, id))!);
    expect(position.status).toBe('open');
    // Nothing entered beside it either: it is the pair's one position.
    const open = (await api(app).get('/api/v1/bot/positions').expect(200)).body.positions;
    expect(open.filter((p: { asset_pair: string }) => p.asset_pair === 'BTCUSD')).toHaveLength(1);

    // The next cycle knows it, and closes it at its stop.
    const next = await run(at + 2_000);
    expect(next.closed).toBeGreaterThanOrEqual(1);
    const closed = JSON.parse((await admin.hget(POSITIONS, id))!);
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).toBeGreaterThanOrEqual(closed.openedAt);
  });
});
