import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RedisServer } from '@ffe/testing';
import request from 'supertest';
import { startTestApp, testConfig, TEST_API_KEY } from './support/test-app';

const LIMIT = 5;

/** An app on a Redis of its own (the limit's counters), with `env` on top. */
function useLimitedApp(env: Record<string, string> = {}) {
  const fixture: { app?: NestFastifyApplication; redis?: RedisServer } = {};
  beforeAll(async () => {
    fixture.redis = await RedisServer.start();
    fixture.app = await startTestApp(
      testConfig({ REDIS_URL: fixture.redis.url, RATE_LIMIT_PER_MINUTE: String(LIMIT), ...env }),
    );
  });
  afterAll(async () => {
    await fixture.app?.close();
    await fixture.redis?.stop();
  });
  return fixture;
}

async function statusesFrom(app: NestFastifyApplication, forwardedFor: (i: number) => string) {
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) {
    const reply = await request(app.getHttpServer())
      .get('/api/v1/monitoring/health')
      .set('X-API-Key', TEST_API_KEY)
      .set('X-Forwarded-For', forwardedFor(i));
    statuses.push(reply.status);
  }
  return statuses;
}

const limited = [200, 200, 200, 200, 200, 429, 429, 429];

describe('X-Forwarded-For with the default config (no proxy trusted)', () => {
  const fixture = useLimitedApp();

  it('cannot dodge the rate limit by rotating the header: the 6th request on is 429', async () => {
    expect(await statusesFrom(fixture.app!, (i) => `203.0.113.${i + 1}`)).toEqual(limited);
  });
});

describe('X-Forwarded-For with TRUST_PROXY=1 (one proxy in front)', () => {
  const fixture = useLimitedApp({ TRUST_PROXY: '1' });

  it('counts each forwarded client on its own', async () => {
    expect(await statusesFrom(fixture.app!, (i) => `203.0.113.${i + 1}`)).toEqual(
      Array(8).fill(200),
    );
  });

  it('still limits one forwarded client', async () => {
    expect(await statusesFrom(fixture.app!, () => '198.51.100.9')).toEqual(limited);
  });
});
