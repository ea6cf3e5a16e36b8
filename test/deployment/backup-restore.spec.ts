import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from '@ffe/testing';
import { ApiProcess, StackRedis } from './support/processes';
import { run } from './support/repo';

/**
 * scripts/backup-redis.sh and scripts/restore-redis.sh against a real redis-server run as the
 * stack runs it (AOF on) and the real API. The state is written straight into Redis in the
 * shapes the design keeps there (a hash without TTL, a stream, a cache entry with a TTL): the
 * bot routes that would write it through the API are not part of the app yet.
 */
const API_KEY = 'backup-restore-test-key-0123456789';

type Snapshot = Map<string, { dump: string; expires: boolean }>;

/** Every key with its serialised value; keys about to expire by themselves are left out. */
async function snapshot(client: Redis): Promise<Snapshot> {
  const result: Snapshot = new Map();
  for (const key of (await client.keys('*')).sort()) {
    const ttl = await client.pttl(key);
    if (ttl >= 0 && ttl < 120_000) continue;
    const dump = await client.dumpBuffer(key);
    if (dump) result.set(key, { dump: dump.toString('base64'), expires: ttl >= 0 });
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
  let api: ApiProcess | undefined;
  let before: Snapshot;

  beforeAll(async () => {
    run('mkdir', ['-p', dataDir]);
    redisPort = await freePort();
    redis = await StackRedis.start(dataDir, redisPort);
    client = new Redis(redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    await client.connect();
  }, 30_000);

  afterAll(async () => {
    await api?.stop();
    client?.disconnect();
    await redis?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('backs up, online, a consistent snapshot of the state the running app relies on', async () => {
    api = await ApiProcess.start({
      PORT: await freePort(),
      REDIS_URL: redis!.url,
      FFE_API_KEY: API_KEY,
    });
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
    expect(await api!.stop()).toBe(0);
    api = undefined;
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

  it('the app starts on the restored data, and the state survives it', async () => {
    api = await ApiProcess.start({
      PORT: await freePort(),
      REDIS_URL: redis!.url,
      FFE_API_KEY: API_KEY,
    });
    const c = client!;
    expect(await c.hgetall('ffe:test:bot')).toEqual({
      state: 'running',
      asset_pairs: 'BTCUSD,ETHUSD',
      stop_loss_pct: '0.02',
    });
    expect(await c.xlen('ffe:test:ledger')).toBe(5);
    // And the restored data is durable: Redis restarted again loads it from its AOF.
    expect(await api.stop()).toBe(0);
    api = undefined;
    c.disconnect();
    await redis!.stop();
    redis = await StackRedis.start(dataDir, redisPort);
    client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    expect(await client.xlen('ffe:test:ledger')).toBe(5);
    expect(existsSync(join(dataDir, 'appendonlydir', 'appendonly.aof.manifest'))).toBe(true);
  }, 90_000);
});
