import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DecisionProvider } from '@ffe/domain';
import { RedisServer, waitFor } from '@ffe/testing';
import request from 'supertest';
import { DecisionProviderRegistry } from '../src/app/trading-core/decision-provider.registry';
import { startTestApp, testConfig } from './support/test-app';
import { api, tradingEnv } from './support/trading-env';

/** A provider that never answers: a hung upstream (an LLM endpoint, say). */
const hanging: DecisionProvider = {
  name: 'hanging_oracle',
  decide: () => new Promise(() => undefined),
};

describe('a provider that times out', () => {
  let redis: RedisServer;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    redis = await RedisServer.start();
    app = await startTestApp(
      testConfig(
        tradingEnv(redis.url, { PROVIDER_TIMEOUT_MS: '50', CIRCUIT_BREAKER_RESET_MS: '600000' }),
      ),
    );
    // Joins the ensemble like any provider another module registers, behind its own breaker.
    app.get(DecisionProviderRegistry).register(hanging);
  });
  afterAll(async () => {
    await app?.close();
    await redis.stop();
  });

  const metrics = async () => (await request(app.getHttpServer()).get('/metrics')).text;

  it('opens its breaker, shows it in ffe_circuit_breaker_state, and the ensemble still decides', async () => {
    expect(await metrics()).toContain('ffe_circuit_breaker_state{service="hanging_oracle"} 0');
    for (let i = 0; i < 4; i++) {
      const decision = await api(app)
        .post('/api/v1/decisions', { asset_pair: 'BTCUSD' })
        .expect(201);
      expect(decision.body.provider).toBe('ensemble');
      expect(decision.body.reasoning).toContain('hanging_oracle');
    }
    await waitFor(
      async () =>
        (await metrics()).includes('ffe_circuit_breaker_state{service="hanging_oracle"} 2'),
      {
        what: 'the breaker to show open',
      },
    );
    const text = await metrics();
    expect(text).toMatch(
      /ffe_provider_requests_total\{provider="hanging_oracle",status="timeout"\} [1-9]/,
    );
    expect(text).toMatch(
      /ffe_provider_requests_total\{provider="sma_crossover",status="success"\} [1-9]/,
    );
    // Open: rejected at once, and the others still carry the vote.
    const after = await api(app).post('/api/v1/decisions', { asset_pair: 'ETHUSD' }).expect(201);
    expect(['BUY', 'SELL', 'HOLD']).toContain(after.body.action);
    expect(after.body.reasoning).toMatch(/sma_crossover: (BUY|SELL|HOLD)/);
    expect(await metrics()).toMatch(
      /ffe_provider_requests_total\{provider="hanging_oracle",status="rejected"\} [1-9]/,
    );
  });
});
