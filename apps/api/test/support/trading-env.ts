import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { waitFor } from '@ffe/testing';
import request from 'supertest';
import { TEST_API_KEY } from './test-app';

/** A fast market for tests: one-second bars, one cycle a second, a fixed seed. */
export function tradingEnv(redisUrl: string, extra: Record<string, string> = {}) {
  return {
    REDIS_URL: redisUrl,
    DECISION_INTERVAL_SECONDS: '1',
    TRADING_TIMEFRAME: '1s',
    SIMULATED_MARKET_SEED: '7',
    ...extra,
  };
}

/** The risk rule's refusal of a SELL entry on a venue without shorts (libs/domain risk.ts). */
const SPOT_REFUSAL = /opens no shorts/;

/** Supertest with the API key set. */
export function api(app: NestFastifyApplication) {
  const server = app.getHttpServer();
  return {
    get: (path: string) => request(server).get(path).set('X-API-Key', TEST_API_KEY),
    post: (path: string, body?: object) =>
      request(server)
        .post(path)
        .set('X-API-Key', TEST_API_KEY)
        .send(body ?? {}),
    patch: (path: string, body: object) =>
      request(server).patch(path).set('X-API-Key', TEST_API_KEY).send(body),
  };
}

/**
 * Starts the bot in dry-run, waits until its cycles have recorded two decisions that went as
 * far as an order would (a dry run; on a spot venue a SELL with no long is refused by the risk
 * rules before that, whatever the mode — the simulated market follows the clock, so a run may
 * see only SELLs), and places a manual trade that must stay a dry run too. Callers then check
 * what left (nothing).
 */
export async function runInDryRun(
  app: NestFastifyApplication,
  start: { asset_pairs?: string[] },
  manualTrade: { asset_pair: string; action: 'BUY' | 'SELL'; size: number },
): Promise<void> {
  await api(app)
    .post('/api/v1/bot/start', { ...start, autonomous: true, dry_run: true })
    .expect(200);
  await waitFor(
    async () =>
      (await api(app).get('/api/v1/decisions?limit=20')).body.decisions.filter(
        (d: { outcome: string; note: string | null }) =>
          d.outcome === 'dry_run' || (d.outcome === 'rejected' && SPOT_REFUSAL.test(d.note ?? '')),
      ).length >= 2,
    { what: 'two dry-run (or spot-refused) decisions', timeoutMs: 20_000 },
  );
  const manual = await api(app).post('/api/v1/bot/manual-trade', manualTrade).expect(201);
  expect(manual.body.status).toBe('dry_run');
}
