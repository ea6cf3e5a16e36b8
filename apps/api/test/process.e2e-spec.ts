import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freePort, RedisServer, waitFor } from '@ffe/testing';

const root = join(__dirname, '../../..');
const main = join(root, 'apps/api/dist/main.js');
const KEY = 'process-test-key-0123456789';

/** The built API as production runs it: its own process, its own stdout, real signals. */
describe('the API process', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    execFileSync('npx', ['tsc', '-b', 'apps/api/tsconfig.app.json'], { cwd: root }); // no-op when built
    redis = await RedisServer.start();
  }, 120_000);
  afterEach(async () => {
    if (!redis.running) await redis.resume(); // a fault test below stops it
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('stops at start with one line naming a missing setting', () => {
    const env = { PATH: process.env.PATH, REDIS_URL: redis.url };
    const result = spawnSync('node', [main], { env, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^ffe-api: invalid configuration: FFE_API_KEY is required/),
    ]);
  });

  it('logs structured JSON without the API key, and drains to exit 0 on SIGTERM', async () => {
    const api = await startApi();
    try {
      const response = await fetch(`${api.url}/api/v1/monitoring/health`, {
        headers: { 'X-API-Key': KEY },
      });
      expect(response.status).toBe(200);
      await waitFor(() => api.output.stdout.includes('/api/v1/monitoring/health'), {
        what: 'the request to be logged',
      });
    } finally {
      api.child.kill('SIGTERM');
    }
    expect(await api.exited).toBe(0);
    const { stdout } = api.output;
    const lines = stdout.trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(stdout).not.toContain(KEY);
    expect(stdout).toContain('[redacted]');
    expect(lines.map((line) => JSON.parse(line).msg)).toContain('shutdown complete');
  }, 60_000);

  // A worker that lost Redis must not hold the drain past SHUTDOWN_TIMEOUT_MS (which would
  // end in exit 1): neither while Redis is still gone nor after it came back.
  it.each([
    ['while Redis is down', false],
    ['after Redis came back', true],
  ])(
    'drains a running bot to exit 0 on SIGTERM %s',
    async (_when, redisBack) => {
      const api = await startApi({
        DECISION_INTERVAL_SECONDS: '1',
        TRADING_TIMEFRAME: '1s',
        SHUTDOWN_TIMEOUT_MS: '8000',
      });
      const { url, output } = api;
      try {
        const started = await fetch(`${url}/api/v1/bot/start`, {
          method: 'POST',
          headers: { 'X-API-Key': KEY, 'Content-Type': 'application/json' },
          body: JSON.stringify({ asset_pairs: ['BTCUSD'] }),
        });
        expect(started.status).toBe(200);
        await waitFor(() => output.stdout.includes('trading cycle done'), {
          timeoutMs: 20_000,
          what: 'a trading cycle to run',
        });
        await redis.kill('SIGKILL');
        await waitFor(async () => (await fetch(`${url}/ready`)).status === 503, {
          what: 'the API to see Redis gone',
        });
        if (redisBack) {
          await redis.resume();
          await waitFor(async () => (await fetch(`${url}/ready`)).status === 200, {
            timeoutMs: 20_000,
            what: 'the API to see Redis back',
          });
        }
      } finally {
        api.child.kill('SIGTERM');
      }
      expect(await api.exited).toBe(0);
      expect(output.stdout).toContain('shutdown complete');
      // Every connection's outage goes to the structured log, none to stderr as raw text.
      expect(output.stderr).toBe('');
    },
    90_000,
  );

  /** The built API on a free port against the test Redis, once it answers ready. */
  async function startApi(extraEnv: Record<string, string> = {}) {
    const port = await freePort();
    const env = {
      PATH: process.env.PATH,
      REDIS_URL: redis.url,
      FFE_API_KEY: KEY,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...extraEnv,
    };
    const child = spawn('node', [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk) => (output.stdout += chunk));
    child.stderr.on('data', (chunk) => (output.stderr += chunk));
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitFor(async () => (await fetch(`${url}/ready`)).status === 200, {
        timeoutMs: 30_000,
        what: 'the API to be ready',
      });
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    return { url, child, output, exited };
  }
});
