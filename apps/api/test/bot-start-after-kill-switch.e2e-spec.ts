import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisServer, waitFor } from '@ffe/testing';
import Redis from 'ioredis';
import { startTestApp, testConfig } from './support/test-app';
import { api, tradingEnv } from './support/trading-env';

/**
 * The drawdown kill switch latched earlier (as the cycle leaves it in Redis: the state and the
 * peak it measured from). An explicit start is the operator accepting the loss: the new run
 * measures from the portfolio as it is, so it runs instead of latching again at once.
 */
describe('an explicit start after the drawdown kill switch', () => {
  let redis: RedisServer;
  let admin: Redis;
  let app: NestFastifyApplication;
  const completed = () => admin.zcard('{ffe}:trading-cycle:completed');
  const cycles = async (n: number) => {
    const before = await completed();
    await waitFor(async () => (await completed()) >= before + n, {
      what: `${n} more trading cycles to complete`,
      timeoutMs: 15_000,
    });
  };
  const state = async () => (await api(app).get('/api/v1/bot/status').expect(200)).body.state;
  const peak = async () => Number(await admin.hget('ffe:bot', 'peak_value'));
  /** The bot's audit entries, newest first. */
  const auditTrail = async (count: number): Promise<Record<string, unknown>[]> =>
    (await admin.xrevrange('ffe:bot:audit', '+', '-', 'COUNT', count)).map(([, fields]) =>
      JSON.parse(fields[1]),
    );

  beforeAll(async () => {
    redis = await RedisServer.start();
    admin = new Redis(redis.url);
    // What a trip leaves behind: the latch, and a peak 50 % above the 10,000 the account holds.
    await admin.hset('ffe:bot', { state: 'emergency_stopped', peak_value: '20000' });
    await admin.hincrby('ffe:bot', 'version', 1);
    app = await startTestApp(
      testConfig(tradingEnv(redis.url, { MAX_DRAWDOWN_PCT: '5', ENSEMBLE_QUORUM: '1' })),
    );
  });
  afterAll(async () => {
    await app?.close();
    admin.disconnect();
    await redis.stop();
  });

  it('stays latched across the restart, measuring 50 % down from the old peak', async () => {
    expect(await state()).toBe('emergency_stopped');
    const portfolio = (await api(app).get('/api/v1/status').expect(200)).body;
    expect(portfolio).toMatchObject({ portfolio_value: 10_000, peak_value: 20_000 });
    expect(portfolio.drawdown_pct).toBe(50);
    await cycles(2);
    expect(await state()).toBe('emergency_stopped');
  });

  it('resets the peak to the portfolio value on start, audited, and the bot keeps running', async () => {
    const started = await api(app)
      .post('/api/v1/bot/start', { asset_pairs: ['BTCUSD', 'ETHUSD'], autonomous: false })
      .expect(200);
    expect(started.body.state).toBe('running');
    expect(await peak()).toBe(10_000);
    const audit = await auditTrail(5);
    expect(audit.find((e) => e.action === 'start')).toMatchObject({
      from: 'emergency_stopped',
      peak_reset: { from: 20_000, to: 10_000 },
    });

    // Cycles run and decide on the new peak; without the reset the first would latch again.
    const decisionsBefore = await admin.xlen('ffe:decisions');
    await cycles(3);
    expect(await state()).toBe('running');
    expect(await admin.xlen('ffe:decisions')).toBeGreaterThan(decisionsBefore);
    const after = await auditTrail(20);
    expect(after.map((e) => e.action)).not.toContain('kill_switch');
    expect((await api(app).get('/api/v1/status').expect(200)).body.drawdown_pct).toBe(0);
  });

  it('a repeated start while running leaves the peak alone', async () => {
    // A peak a hair above the value: a reset would bring it down to 10,000.
    await admin.hset('ffe:bot', 'peak_value', '10000.5');
    const again = await api(app)
      .post('/api/v1/bot/start', { asset_pairs: ['BTCUSD', 'ETHUSD'], autonomous: false })
      .expect(200);
    expect(again.body.state).toBe('running');
    expect(await peak()).toBe(10_000.5);
  });

  it('the kill switch still latches the new run once its drawdown passes the limit', async () => {
    await admin.hset('ffe:bot', 'peak_value', '20000');
    await waitFor(async () => (await state()) === 'emergency_stopped', {
      what: 'the kill switch to latch again',
      timeoutMs: 15_000,
    });
    const audit = await auditTrail(5);
    expect(audit.find((e) => e.action === 'kill_switch')).toMatchObject({ peak: 20_000 });
  });
});
