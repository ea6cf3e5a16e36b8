import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisServer, waitFor } from '@ffe/testing';
import Redis from 'ioredis';
import { startTestApp, testConfig } from './support/test-app';
import { api, tradingEnv } from './support/trading-env';

const LEDGER = 'ffe:{paper}:ledger';
const AUDIT = 'ffe:bot:audit';
const FILLS = 100;

/** A stream id as [ms, seq]: ids of two streams on one Redis order them in time by ms. */
const ms = (id: string) => Number(id.split('-')[0]);

describe('an emergency stop racing 100 paper fills: no fill lands after the stop is recorded', () => {
  let redis: RedisServer;
  let admin: Redis;
  let trader: NestFastifyApplication;
  let operator: NestFastifyApplication;

  beforeAll(async () => {
    redis = await RedisServer.start();
    admin = new Redis(redis.url);
    // Two replicas, each with its own connections: the fills reach one, the stop the other.
    const env = tradingEnv(redis.url, { DECISION_INTERVAL_SECONDS: '3600' });
    trader = await startTestApp(testConfig(env));
    operator = await startTestApp(testConfig(env));
  });
  afterAll(async () => {
    await trader?.close();
    await operator?.close();
    admin.disconnect();
    await redis.stop();
  });

  it('refuses every fill the stop overtakes with the 409, inside the fill itself', async () => {
    const fills = Array.from({ length: FILLS }, () =>
      api(trader).post('/api/v1/bot/manual-trade', {
        asset_pair: 'BTCUSD',
        action: 'BUY',
        size: 0.0001,
      }),
    );
    const answers = fills.map((request) => request.then((response) => response));
    // Stop once fills are landing, while the rest are on their way.
    await waitFor(async () => (await admin.xlen(LEDGER)) >= 5, {
      what: 'the first fills to land',
      timeoutMs: 20_000,
    });
    const stop = await api(operator).post('/api/v1/bot/emergency-stop').expect(200);
    expect(stop.body.state).toBe('emergency_stopped');
    const responses = await Promise.all(answers);

    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const refused of responses.filter((r) => r.status === 409)) {
      expect(refused.body.code).toBe('BOT.EMERGENCY_STOPPED');
    }
    const [[stopId]] = (await admin.xrange(AUDIT, '-', '+')).filter(([, fields]) =>
      fields[1].includes('"emergency_stop"'),
    );
    const opens = (await admin.xrange(LEDGER, '-', '+')).filter(([, f]) => f[1] === 'open');
    expect(opens.length).toBe(statuses.filter((s) => s === 201).length);
    const late = opens.filter(([id]) => ms(id) > ms(stopId));
    expect({ fills: opens.length, afterTheStop: late.length }).toEqual({
      fills: opens.length,
      afterTheStop: 0,
    });
  }, 60_000);

  it('fills again after an explicit start lifts the halt', async () => {
    await api(operator).post('/api/v1/bot/start', { autonomous: false }).expect(200);
    const filled = await api(trader)
      .post('/api/v1/bot/manual-trade', { asset_pair: 'BTCUSD', action: 'BUY', size: 0.0001 })
      .expect(201);
    expect(filled.body.status).toBe('filled');
    expect(await admin.exists('ffe:{paper}:halt')).toBe(0);
  });
});
