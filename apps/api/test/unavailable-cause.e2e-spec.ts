import { RedisServer, waitFor } from '@ffe/testing';
import Redis from 'ioredis';
import { ApiProcess } from './support/api-process';

const PASSWORD = 'cause-log-password-0123456789';

/** The JSON log lines that report a 503's cause for `code`. */
function causeLines(output: string, code: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.code === code && typeof line.cause === 'string');
}

/**
 * A 503 tells the client to retry; the log tells the operator why, once per answer, with the
 * driver's message and no credential. The real process, its stdout captured.
 */
describe('a 503 logs its cause', () => {
  let redis: RedisServer;
  let admin: Redis;
  let api: ApiProcess;

  beforeAll(async () => {
    redis = await RedisServer.start({ password: PASSWORD });
    admin = new Redis(redis.url);
    api = await ApiProcess.start(
      { REDIS_URL: redis.url, LOG_LEVEL: 'info' },
      { captureOutput: true },
    );
  }, 90_000);
  afterAll(async () => {
    await api?.kill('SIGTERM');
    admin?.disconnect();
    await redis?.stop();
  });

  it('Redis out of memory: the OOM error, logged once', async () => {
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    await admin.config('SET', 'maxmemory', '1');
    try {
      const response = await api.fetch('/api/v1/bot/manual-trade', {
        method: 'POST',
        body: JSON.stringify({ asset_pair: 'BTCUSD', action: 'BUY', size: 0.001 }),
      });
      expect(response.status).toBe(503);
      const { code } = (await response.json()) as { code: string };
      await waitFor(() => causeLines(api.output, code).length > 0, {
        what: `the cause of ${code} to be logged`,
      });
      const lines = causeLines(api.output, code);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 40,
        cause: expect.stringMatching(/^OOM command not allowed/),
      });
    } finally {
      await admin.config('SET', 'maxmemory', '0');
    }
  });

  it('Redis down: the connection error, logged once', async () => {
    await redis.kill();
    try {
      const response = await api.fetch('/api/v1/bot/status');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'STATE.UNAVAILABLE' });
      await waitFor(() => causeLines(api.output, 'STATE.UNAVAILABLE').length > 0, {
        what: 'the cause of STATE.UNAVAILABLE to be logged',
      });
      const lines = causeLines(api.output, 'STATE.UNAVAILABLE');
      expect(lines).toHaveLength(1);
      expect(lines[0].msg).toMatch(/^STATE\.UNAVAILABLE: \S/);
    } finally {
      await redis.resume();
    }
  });

  it('never writes the Redis password', () => {
    expect(api.output.length).toBeGreaterThan(0);
    expect(api.output).not.toContain(PASSWORD);
  });
});
