import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, portAcceptsConnections, waitFor } from '@ffe/testing';
import Redis from 'ioredis';
import { ROOT, run } from './support/repo';

const SCRIPT = join(ROOT, 'scripts/docker/redis-server.sh');
const PASSWORD = 'app-password-0123456789';
const EXPORTER_PASSWORD = 'exporter-password-0123456789';

/**
 * The start script every deployment runs Redis with (Compose dev and prod, npm run local), on
 * a real redis-server: no password, no start; the default user needs it; the exporter's user
 * reads metrics and nothing else.
 */
describe('scripts/docker/redis-server.sh', () => {
  let child: ChildProcess;
  let port: number;
  let dir: string;

  beforeAll(async () => {
    port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'ffe-redis-auth-'));
    child = spawn(
      'sh',
      [SCRIPT, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''],
      {
        env: {
          ...process.env,
          REDIS_PASSWORD: PASSWORD,
          REDIS_EXPORTER_PASSWORD: EXPORTER_PASSWORD,
        },
        stdio: 'ignore',
      },
    );
    await waitFor(() => portAcceptsConnections(port), { what: 'the scripted redis-server' });
  });
  afterAll(async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start without a password', () => {
    const result = run('sh', [SCRIPT, '--port', '0'], {
      env: { REDIS_PASSWORD: '', REDIS_PASSWORD_FILE: '', REDIS_EXPORTER_PASSWORD: 'x' },
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/REDIS_PASSWORD \(or REDIS_PASSWORD_FILE\) is required/);
  });

  it('requires the password of the default user, and keeps it out of argv', async () => {
    const anonymous = new Redis(port, { enableReadyCheck: false, lazyConnect: true });
    const admin = new Redis(port, { password: PASSWORD });
    try {
      await anonymous.connect();
      await expect(anonymous.ping()).rejects.toThrow(/NOAUTH/);
      expect(await admin.set('k', 'v')).toBe('OK');
      const argv = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
      expect(argv).toContain('redis-server');
      expect(argv).not.toContain(PASSWORD);
      expect(argv).not.toContain(EXPORTER_PASSWORD);
    } finally {
      anonymous.disconnect();
      admin.disconnect();
    }
  });

  it('the healthcheck pings with the password', () => {
    const env = { REDIS_PASSWORD: PASSWORD, REDIS_PORT: String(port) };
    expect(run('sh', [SCRIPT, '--ping'], { env }).status).toBe(0);
    expect(
      run('sh', [SCRIPT, '--ping'], { env: { ...env, REDIS_PASSWORD: 'wrong' } }).status,
    ).not.toBe(0);
  });

  it('gives redis-exporter what it reads and nothing that reads or writes a key', async () => {
    const exporter = new Redis(port, { username: 'redis-exporter', password: EXPORTER_PASSWORD });
    try {
      for (const allowed of [
        ['PING'],
        ['INFO', 'ALL'],
        ['CONFIG', 'GET', 'maxmemory'],
        ['CLIENT', 'LIST'],
        ['SLOWLOG', 'GET', '10'],
        ['LATENCY', 'LATEST'],
        ['DBSIZE'],
      ]) {
        await expect(exporter.call(allowed[0], ...allowed.slice(1))).resolves.toBeDefined();
      }
      for (const refused of [
        ['GET', 'k'],
        ['SET', 'k', 'x'],
        ['DEL', 'k'],
        ['KEYS', '*'],
        ['SCAN', '0'],
        ['CONFIG', 'SET', 'maxmemory', '1'],
        ['FLUSHALL'],
        ['EVAL', 'return 1', '0'],
        ['ACL', 'LIST'],
        ['SHUTDOWN'],
      ]) {
        await expect(exporter.call(refused[0], ...refused.slice(1))).rejects.toThrow(/NOPERM/);
      }
    } finally {
      exporter.disconnect();
    }
  });
});
