import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from '@ffe/testing';
import { ApiProcess, StackRedis } from './support/processes';
import { run } from './support/repo';

/**
 * scripts/backup-redis.sh and scripts/restore-redis.sh against a real redis-server run as the
 * stack runs it (AOF on) and the real API: the bot's risk settings are written and read back
 * through /api/v1/bot/config and /api/v1/bot/status, and beside them Redis holds the other
 * shapes of state the design keeps there (a stream, a cache entry with a TTL).
 */
const API_KEY = 'backup-restore-test-key-0123456789';
const RISK_SETTINGS = {
  stop_loss_pct: 0.031,
  position_size_pct: 0.015,
  confidence_threshold: 0.77,
  max_concurrent_trades: 4,
};

async function request(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'X-API-Key': API_KEY, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

type Snapshot = Map<string, { type: string; value: unknown; expires: boolean }>;

/** A key's value in a form that does not depend on Redis' internal encoding or field order. */
async function read(client: Redis, key: string, type: string): Promise<unknown> {
  switch (type) {
    case 'string':
      return (await client.getBuffer(key))?.toString('base64');
    case 'hash':
      return Object.entries(await client.hgetall(key)).sort();
    case 'list':
      return client.lrange(key, 0, -1);
    case 'set':
      return (await client.smembers(key)).sort();
    case 'zset':
      return client.zrange(key, 0, -1, 'WITHSCORES');
    case 'stream':
      return client.xrange(key, '-', '+');
    default:
      throw new Error(`${key}: no reader for type ${type}`);
  }
}

/** Every key with its value; keys about to expire by themselves are left out. */
async function snapshot(client: Redis): Promise<Snapshot> {
  const result: Snapshot = new Map();
  for (const key of (await client.keys('*')).sort()) {
    const ttl = await client.pttl(key);
    if (ttl >= 0 && ttl < 120_000) continue;
    const type = await client.type(key);
    result.set(key, { type, value: await read(client, key, type), expires: ttl >= 0 });
  }
  return result;
}

describe('Redis backup and restore (scripts/backup-redis.sh, scripts/restore-redis.sh)', () => {
  const work = mkdtempSync(join(tmpdir(), 'ffe-backup-'));
  const dataDir = join(work, 'data');
  const backupFile = join(work, 'backups', 'redis.rdb');
  let redisPort: number;
  let redis: StackRedis | undefined;
  let client: Redis | undefined;
  let app: ApiProcess | undefined;
  let before: Snapshot;
  let configBefore: unknown;

  beforeAll(async () => {
    run('mkdir', ['-p', dataDir]);
    redisPort = await freePort();
    redis = await StackRedis.start(dataDir, redisPort);
    client = new Redis(redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    await client.connect();
  }, 30_000);

  afterAll(async () => {
    await app?.stop();
    client?.disconnect();
    await redis?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('backs up, online, a consistent snapshot of the state the running app relies on', async () => {
    app = await ApiProcess.start({
      PORT: await freePort(),
      REDIS_URL: redis!.url,
      FFE_API_KEY: API_KEY,
    });
    const patched = await request(app!.url, 'PATCH', '/api/v1/bot/config', RISK_SETTINGS);
    expect(patched.status).toBe(200);
    const status = await request(app!.url, 'GET', '/api/v1/bot/status');
    expect(status.json.config).toMatchObject(RISK_SETTINGS);
    configBefore = status.json.config;
    const c = client!;
    await c.hset('ffe:test:bot', {
      state: 'running',
      asset_pairs: 'BTCUSD,ETHUSD',
      stop_loss_pct: '0.02',
    });
    for (let i = 0; i < 5; i++)
      await c.xadd('ffe:test:ledger', '*', 'trade', String(i), 'asset_pair', 'BTCUSD');
    await c.set('ffe:test:cache', Buffer.from([1, 2, 3, 255]), 'EX', 7 * 24 * 3600);
    before = await snapshot(c);
    expect([...before.keys()]).toEqual(
      expect.arrayContaining(['ffe:test:bot', 'ffe:test:ledger', 'ffe:test:cache']),
    );

    const backup = run('sh', ['scripts/backup-redis.sh', backupFile], {
      env: { REDIS_URL: redis!.url },
    });
    expect({ status: backup.status, stderr: backup.stderr }).toEqual({ status: 0, stderr: '' });
    expect(backup.stdout).not.toContain(redis!.url); // never print where (and with which password) it connected
    // The snapshot holds all trading state: its owner alone may read it.
    expect(statSync(backupFile).mode & 0o077).toBe(0);
  }, 90_000);

  it('refuses to restore while Redis is still running', () => {
    const refused = run('sh', ['scripts/restore-redis.sh', backupFile, dataDir], {
      env: { REDIS_URL: redis!.url },
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/still running/);
  });

  it('restores, with the app and Redis stopped, exactly the backed-up state over a wiped one', async () => {
    const c = client!;
    await c.flushall(); // the disaster
    await c.set('ffe:test:after-backup', 'must not survive the restore');
    expect(await app!.stop()).toBe(0);
    app = undefined;
    c.disconnect();
    await redis!.stop();

    const restore = run('sh', ['scripts/restore-redis.sh', backupFile, dataDir]);
    expect({ status: restore.status, stderr: restore.stderr }).toEqual({ status: 0, stderr: '' });
    // What was there is kept aside, so the restore itself can be undone.
    expect(readdirSync(dataDir).some((name) => name.startsWith('pre-restore-'))).toBe(true);

    redis = await StackRedis.start(dataDir, redisPort);
    client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    expect(await snapshot(client)).toEqual(before);
    expect(await client.exists('ffe:test:after-backup')).toBe(0);
    expect(await client.ttl('ffe:test:cache')).toBeGreaterThan(0); // cache entries keep their TTL
    expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
  }, 60_000);

  it('the app starts on the restored data and serves the restored state through its API', async () => {
    app = await ApiProcess.start({
      PORT: await freePort(),
      REDIS_URL: redis!.url,
      FFE_API_KEY: API_KEY,
    });
    const status = await request(app.url, 'GET', '/api/v1/bot/status');
    expect(status.status).toBe(200);
    expect(status.json.config).toEqual(configBefore);
    const c = client!;
    expect(await c.hgetall('ffe:test:bot')).toEqual({
      state: 'running',
      asset_pairs: 'BTCUSD,ETHUSD',
      stop_loss_pct: '0.02',
    });
    expect(await c.xlen('ffe:test:ledger')).toBe(5);
    // And the restored data is durable: Redis restarted again loads it from its AOF.
    expect(await app.stop()).toBe(0);
    app = undefined;
    c.disconnect();
    await redis!.stop();
    redis = await StackRedis.start(dataDir, redisPort);
    client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    expect(await client.xlen('ffe:test:ledger')).toBe(5);
    expect(existsSync(join(dataDir, 'appendonlydir', 'appendonly.aof.manifest'))).toBe(true);
  }, 90_000);
});
