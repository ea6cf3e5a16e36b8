import { RedisServer, waitFor } from '@ffe/testing';
import { ApiProcess } from './support/api-process';
import { TEST_API_KEY } from './support/test-app';

/** Distinct secrets, so a failure says which one leaked. */
const S = Array.from({ length: 10 }, (_, i) => `leak${i}-0123456789abcdef`);
const REDIS_PASSWORD = 'redis-url-password-0123456789';

/**
 * The real API process at LOG_LEVEL=info, its stdout captured: requests carrying secrets in
 * the query, the headers and nested bodies leave no secret in any line it writes.
 */
describe('request logs carry no secret', () => {
  let redis: RedisServer;
  let api: ApiProcess;

  beforeAll(async () => {
    // The password in REDIS_URL, where ioredis and start-up lines might echo it.
    redis = await RedisServer.start({ password: REDIS_PASSWORD });
    api = await ApiProcess.start(
      { REDIS_URL: redis.url, LOG_LEVEL: 'info' },
      { captureOutput: true },
    );
  }, 90_000);
  afterAll(async () => {
    await api?.kill('SIGTERM');
    await redis?.stop();
  });

  it('in query strings, headers and nested bodies', async () => {
    const sent = [
      await api.fetch(`/api/v1/bot/status?api_key=${S[0]}&token=${S[1]}&x=1`, {
        headers: {
          Authorization: `Bearer ${S[2]}`,
          'Proxy-Authorization': `Basic ${S[3]}`,
          Cookie: `session=${S[4]}`,
        },
      }),
      await fetch(`${api.url}/api/v1/bot/status?apiKey=${S[5]}`, {
        headers: { 'X-API-Key': S[6] },
      }),
      await api.fetch(`/api/v1/decisions?access_token=${S[7]}`, {
        method: 'POST',
        body: JSON.stringify({ asset_pair: 'BTCUSD', a: { b: { c: [{ password: S[8] }] } } }),
      }),
      await api.fetch('/api/v1/bot/manual-trade', {
        method: 'POST',
        body: JSON.stringify({ asset_pair: 'BTCUSD', credentials: { private_key: S[9] } }),
      }),
    ];
    // A wrong key is refused (401/403); the bodies may be refused too: all are logged.
    expect(sent[0].status).toBe(200);
    expect(sent[1].status).toBeGreaterThanOrEqual(400);
    await waitFor(() => (api.output.match(/"responseTime"/g) ?? []).length >= sent.length, {
      what: 'every request to be logged',
    });

    const output = api.output;
    expect(S.filter((secret) => output.includes(secret))).toEqual([]);
    expect(output).not.toContain(TEST_API_KEY);
    expect(output).not.toContain(REDIS_PASSWORD);
    expect(output).toContain('/api/v1/bot/status?api_key=[redacted]&token=[redacted]&x=1');
    expect(output).toContain('"proxy-authorization":"[redacted]"');
  });

  it('nor do the docs, health and readiness answers', async () => {
    for (const path of ['/docs-json', '/health', '/ready', '/live', '/api/v1/monitoring/health']) {
      const text = await (await api.fetch(path)).text();
      const leaked = text.includes(TEST_API_KEY) || text.includes(REDIS_PASSWORD);
      expect({ path, leaked }).toEqual({ path, leaked: false });
    }
  });
});
