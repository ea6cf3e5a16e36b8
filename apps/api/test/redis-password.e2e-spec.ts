import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forkTs, freePort, RedisServer } from '@ffe/testing';
import { ApiProcess } from './support/api-process';
import { TEST_API_KEY } from './support/test-app';

const MAIN = join(__dirname, '../src/main.ts');
const PASSWORD = 'redis-password-0123456789';
const WRONG = 'wrong-password-9876543210';

/** Runs main.ts to its exit; what it wrote to stdout and stderr. */
async function runToExit(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const port = String(await freePort());
  const child = forkTs(MAIN, [], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: port,
      FFE_API_KEY: TEST_API_KEY,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Bounded: a start that neither fails nor succeeds is killed and fails the test below.
  const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** The app against a redis-server that requires a password, as every deployment's does. */
describe('Redis with a password', () => {
  let redis: RedisServer;
  let dir: string;

  beforeAll(async () => {
    redis = await RedisServer.start({ password: PASSWORD });
    dir = mkdtempSync(join(tmpdir(), 'ffe-redis-password-'));
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['REDIS_PASSWORD', () => ({ REDIS_PASSWORD: PASSWORD })],
    [
      'REDIS_PASSWORD_FILE',
      () => {
        const file = join(dir, 'REDIS_PASSWORD');
        writeFileSync(file, `${PASSWORD}\n`, { mode: 0o600 });
        return { REDIS_PASSWORD_FILE: file };
      },
    ],
  ])(
    'connects with %s and serves state',
    async (_name, passwordEnv) => {
      const api = await ApiProcess.start({ REDIS_URL: redis.address, ...passwordEnv() });
      try {
        const status = await api.fetch('/api/v1/bot/status');
        expect(status.status).toBe(200);
        expect((await api.fetch('/ready')).status).toBe(200);
      } finally {
        await api.kill('SIGTERM');
      }
    },
    90_000,
  );

  it.each([
    ['a wrong password', { REDIS_PASSWORD: WRONG }, /WRONGPASS/],
    ['no password', {}, /NOAUTH/],
  ])(
    '%s stops the start with one line naming REDIS_PASSWORD',
    async (_case, env, reason) => {
      const result = await runToExit({ REDIS_URL: redis.address, ...env });
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toEqual([
        expect.stringMatching(
          /^ffe-api: invalid configuration: REDIS_PASSWORD is refused by Redis/,
        ),
      ]);
      expect(lines[0]).toMatch(reason);
      expect(result.stderr + result.stdout).not.toContain(WRONG);
      expect(result.stderr + result.stdout).not.toContain(PASSWORD);
    },
    60_000,
  );
});
