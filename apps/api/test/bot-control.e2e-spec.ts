import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisServer, waitFor } from '@ffe/testing';
import Redis from 'ioredis';
import request from 'supertest';
import { startTestApp, testConfig } from './support/test-app';
import { api, tradingEnv } from './support/trading-env';

describe('bot control: start, stop, emergency stop, config, proposals', () => {
  let redis: RedisServer;
  let admin: Redis;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    redis = await RedisServer.start();
    admin = new Redis(redis.url);
    app = await startTestApp(testConfig(tradingEnv(redis.url)));
  });
  afterAll(async () => {
    await app?.close();
    admin.disconnect();
    await redis.stop();
  });

  it('starts stopped, with every ffe_* metric already on /metrics', async () => {
    const status = await api(app).get('/api/v1/bot/status').expect(200);
    expect(status.body).toMatchObject({
      state: 'stopped',
      is_operational: false,
      uptime_seconds: 0,
      total_trades: 0,
      active_positions: 0,
      portfolio_value: 10_000,
      daily_pnl: 0,
      last_decision_time: null,
    });
    expect(status.body.config).toMatchObject({ autonomous: false, max_concurrent_trades: 5 });
    const metrics = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    for (const line of [
      '# TYPE ffe_decision_latency_seconds histogram',
      'ffe_provider_requests_total{provider="sma_crossover",status="timeout"} 0',
      '# TYPE ffe_trade_pnl_dollars_summary summary',
      'ffe_circuit_breaker_state{service="macd_momentum"} 0',
      'ffe_portfolio_value_dollars{platform="paper"} 10000',
      'ffe_active_trades_total{platform="paper"} 0',
      'ffe_agent_state 0',
      '# TYPE ffe_decision_confidence gauge',
    ]) {
      expect(metrics).toContain(line);
    }
  });

  it('documents every trading route and its DTOs in the OpenAPI document', async () => {
    const doc = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    for (const path of [
      '/api/v1/bot/start',
      '/api/v1/bot/stop',
      '/api/v1/bot/emergency-stop',
      '/api/v1/bot/status',
      '/api/v1/bot/config',
      '/api/v1/bot/positions',
      '/api/v1/bot/positions/{id}/close',
      '/api/v1/bot/manual-trade',
      '/api/v1/decisions',
      '/api/v1/status',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(Object.keys(doc.components.schemas.StartBotDto.properties)).toEqual([
      'asset_pairs',
      'autonomous',
      'take_profit',
      'stop_loss',
      'dry_run',
    ]);
    expect(doc.components.schemas.ManualTradeDto.required).toEqual([
      'asset_pair',
      'action',
      'size',
    ]);
  });

  it('starts idempotently, and a start with other parameters is a 409 naming them', async () => {
    const body = { asset_pairs: ['BTCUSD', 'ETHUSD'], autonomous: false, dry_run: false };
    const first = await api(app).post('/api/v1/bot/start', body).expect(200);
    expect(first.body).toMatchObject({ state: 'running', is_operational: true });
    expect(first.body.config.asset_pairs).toEqual(['BTCUSD', 'ETHUSD']);
    await api(app).post('/api/v1/bot/start', body).expect(200);
    const conflict = await api(app)
      .post('/api/v1/bot/start', { ...body, dry_run: true, take_profit: 0.2 })
      .expect(409);
    expect(conflict.body.code).toBe('BOT.ALREADY_RUNNING');
    expect(conflict.body.message).toMatch(/take_profit, dry_run/);
    const metrics = (await request(app.getHttpServer()).get('/metrics')).text;
    expect(metrics).toContain('ffe_agent_state 2');
  });

  it('records decisions as proposals while not autonomous, executing nothing', async () => {
    await waitFor(
      async () => {
        const { body } = await api(app).get('/api/v1/decisions?limit=50');
        return (
          body.decisions.filter((d: { outcome: string }) => d.outcome !== 'on_demand').length >= 4
        );
      },
      { what: 'four cycle decisions', timeoutMs: 15_000 },
    );
    const { body } = await api(app).get('/api/v1/decisions?limit=50').expect(200);
    const outcomes = new Set(body.decisions.map((d: { outcome: string }) => d.outcome));
    expect([...outcomes].every((o) => o === 'proposal' || o === 'hold')).toBe(true);
    const times = body.decisions.map((d: { created_at: string }) => Date.parse(d.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times); // newest first
    expect(body.decisions[0]).toEqual(
      expect.objectContaining({
        decision_id: expect.stringMatching(/^dec_/),
        asset_pair: expect.stringMatching(/^(BTCUSD|ETHUSD)$/),
        action: expect.stringMatching(/^(BUY|SELL|HOLD)$/),
        confidence: expect.any(Number),
        reasoning: expect.any(String),
        provider: 'ensemble',
      }),
    );
    expect((await api(app).get('/api/v1/bot/positions').expect(200)).body).toEqual({
      positions: [],
      count: 0,
      total_value: 0,
    });
    expect((await api(app).get('/api/v1/bot/status')).body.last_decision_time).not.toBeNull();
  });

  it('persists config changes where their names say, and audits them', async () => {
    const patched = await api(app)
      .patch('/api/v1/bot/config', { stop_loss_pct: 1.5, confidence_threshold: 0.7 })
      .expect(200);
    expect(patched.body.config).toMatchObject({
      stop_loss_pct: 1.5,
      confidence_threshold: 0.7,
      position_size_pct: 10,
      max_concurrent_trades: 5,
    });
    const stored = JSON.parse((await admin.hget('ffe:bot', 'config')) ?? '{}');
    expect(stored).toMatchObject({ stop_loss_pct: 1.5, confidence_threshold: 0.7 });
    const audit = await admin.xrevrange('ffe:bot:audit', '+', '-', 'COUNT', 1);
    expect(JSON.parse(audit[0][1][1])).toMatchObject({
      action: 'config',
      changes: { stop_loss_pct: 1.5, confidence_threshold: 0.7 },
    });
  });

  it('answers each bad input with a 400 naming the field', async () => {
    const cases: [string, string, object, string][] = [
      ['patch', '/api/v1/bot/config', { stop_loss_pct: 0 }, 'stop_loss_pct'],
      ['patch', '/api/v1/bot/config', { position_size_pct: 101 }, 'position_size_pct'],
      ['patch', '/api/v1/bot/config', { confidence_threshold: 1.5 }, 'confidence_threshold'],
      ['patch', '/api/v1/bot/config', { max_concurrent_trades: 2.5 }, 'max_concurrent_trades'],
      ['patch', '/api/v1/bot/config', { surprise: 1 }, 'surprise'],
      ['patch', '/api/v1/bot/config', {}, 'body'],
      ['post', '/api/v1/bot/start', { asset_pairs: 'BTCUSD' }, 'asset_pairs'],
      ['post', '/api/v1/bot/start', { asset_pairs: ['NOPEUSD'] }, 'asset_pairs'],
      ['post', '/api/v1/bot/start', { stop_loss: -1 }, 'stop_loss'],
      ['post', '/api/v1/bot/start', { take_profit: 'lots' }, 'take_profit'],
      ['post', '/api/v1/bot/start', { autonomous: 'yes' }, 'autonomous'],
      ['post', '/api/v1/bot/start', { dry_run: 1 }, 'dry_run'],
      [
        'post',
        '/api/v1/bot/manual-trade',
        { asset_pair: 'BTCUSD', action: 'HODL', size: 1 },
        'action',
      ],
      [
        'post',
        '/api/v1/bot/manual-trade',
        { asset_pair: 'BTCUSD', action: 'BUY', size: 0 },
        'size',
      ],
      [
        'post',
        '/api/v1/bot/manual-trade',
        { asset_pair: 'btc', action: 'BUY', size: 1 },
        'asset_pair',
      ],
      [
        'post',
        '/api/v1/bot/manual-trade',
        { asset_pair: 'XXXYYY', action: 'BUY', size: 1 },
        'asset_pair',
      ],
      [
        'post',
        '/api/v1/bot/manual-trade',
        { asset_pair: 'BTCUSD', action: 'BUY', size: 1, price: -5 },
        'price',
      ],
      [
        'post',
        '/api/v1/bot/manual-trade',
        { asset_pair: 'BTCUSD', action: 'BUY', size: 1, stop_loss: 1e9 },
        'stop_loss',
      ],
      [
        'post',
        '/api/v1/bot/manual-trade',
        { asset_pair: 'BTCUSD', action: 'BUY', size: 1, take_profit: 1 },
        'take_profit',
      ],
      ['post', '/api/v1/decisions', {}, 'asset_pair'],
      ['post', '/api/v1/decisions', { asset_pair: 'BTCUSD', provider: 'oracle' }, 'provider'],
      ['post', '/api/v1/decisions', { asset_pair: 'BTCUSD', include_macro: 'y' }, 'include_macro'],
    ];
    for (const [method, path, body, field] of cases) {
      const response =
        method === 'patch' ? await api(app).patch(path, body) : await api(app).post(path, body);
      expect({ path, body, status: response.status }).toEqual({ path, body, status: 400 });
      const fields = (response.body.fields ?? []).map((f: { field: string }) => f.field);
      expect({ path, body, fields }).toEqual({
        path,
        body,
        fields: expect.arrayContaining([field]),
      });
    }
    for (const path of [
      '/api/v1/decisions?limit=0',
      '/api/v1/decisions?limit=101',
      '/api/v1/decisions?limit=x',
    ]) {
      const response = await api(app).get(path).expect(400);
      expect(response.body.fields.map((f: { field: string }) => f.field)).toContain('limit');
    }
    const badQuery = await api(app)
      .post('/api/v1/bot/emergency-stop?close_positions=maybe')
      .expect(400);
    expect(badQuery.body.fields.map((f: { field: string }) => f.field)).toContain(
      'close_positions',
    );
    await api(app).post('/api/v1/bot/positions/no-such-id/close').expect(404);
    await api(app).post('/api/v1/bot/positions/bad%20id!/close').expect(400);
  });

  it('decides on demand with a named provider and keeps it', async () => {
    const created = await api(app)
      .post('/api/v1/decisions', { asset_pair: 'SOLUSD', provider: 'rsi_mean_reversion' })
      .expect(201);
    expect(created.body).toMatchObject({
      asset_pair: 'SOLUSD',
      provider: 'rsi_mean_reversion',
      outcome: 'on_demand',
    });
    const { body } = await api(app).get('/api/v1/decisions?limit=100');
    expect(body.decisions.map((d: { decision_id: string }) => d.decision_id)).toContain(
      created.body.decision_id,
    );
  });

  it('tells the feature store what to warm for the technical providers', async () => {
    await api(app)
      .post('/api/v1/features/warm', { symbols: ['GBPUSD'] })
      .expect(202);
    await waitFor(
      async () =>
        /featurestore_warm_total\{result="computed"\} [1-9]/.test(
          (await request(app.getHttpServer()).get('/metrics')).text,
        ),
      { what: 'the warming job to compute the indicator frames' },
    );
  });

  it('emergency-stops twice with 200, refuses manual trades, and stays halted after a restart', async () => {
    for (let i = 0; i < 2; i++) {
      const stop = await api(app).post('/api/v1/bot/emergency-stop').expect(200);
      expect(stop.body).toEqual({ state: 'emergency_stopped', closed: [], failed: [] });
    }
    await api(app).post('/api/v1/bot/stop').expect(200); // a plain stop keeps the latch
    expect((await api(app).get('/api/v1/bot/status')).body.state).toBe('emergency_stopped');
    const refused = await api(app)
      .post('/api/v1/bot/manual-trade', { asset_pair: 'BTCUSD', action: 'BUY', size: 0.01 })
      .expect(409);
    expect(refused.body.code).toBe('BOT.EMERGENCY_STOPPED');

    await app.close();
    app = await startTestApp(testConfig(tradingEnv(redis.url)));
    const after = await api(app).get('/api/v1/bot/status').expect(200);
    expect(after.body.state).toBe('emergency_stopped');
    expect((await request(app.getHttpServer()).get('/metrics')).text).toContain(
      'ffe_agent_state 4',
    );
    const before = (await api(app).get('/api/v1/decisions?limit=100')).body.count;
    // Cycles keep running on schedule, but a halted bot decides nothing in them.
    const seen = await admin.xlen('ffe:decisions');
    const completed = () => admin.zcard('{ffe}:trading-cycle:completed');
    const cyclesBefore = await completed();
    await waitFor(async () => (await completed()) >= cyclesBefore + 2, {
      what: 'two more cycles to complete',
      timeoutMs: 10_000,
    });
    expect(await admin.xlen('ffe:decisions')).toBe(seen);
    expect(before).toBeGreaterThan(0);

    const restarted = await api(app).post('/api/v1/bot/start', {}).expect(200);
    expect(restarted.body.state).toBe('running');
  });
});
