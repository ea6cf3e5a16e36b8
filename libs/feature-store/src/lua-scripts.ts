import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

export type RedisClient = Redis | Cluster;
type Arg = string | number | Buffer;

/** A Lua script run by EVALSHA, loaded with EVAL the first time a server answers NOSCRIPT. */
class Script {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: RedisClient, keys: string[], args: Arg[]): Promise<unknown> {
    try {
      return await client.callBuffer('EVALSHA', this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.callBuffer('EVAL', this.source, keys.length, ...keys, ...args);
    }
  }
}

/**
 * One round trip for a cold read: the entry if it landed meanwhile, else the lock if free,
 * else the lock's remaining time (how long a waiter may sleep before trying to take over).
 * KEYS entry, lock · ARGV token, lock ttl ms → {1, value} | {2} | {3, pttl}
 */
const acquire = new Script(`
local value = redis.call('GET', KEYS[1])
if value then return {1, value} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {2} end
return {3, redis.call('PTTL', KEYS[2])}
`);

/**
 * The owner's write, atomic: entry with its retention, manifest insert, lock release (only
 * when still ours), and the wake-up for waiters on every replica.
 * KEYS entry, manifest, lock · ARGV value, retention ms, id, manifest value, token, channel, message
 */
const store = new Script(`
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
if redis.call('GET', KEYS[3]) == ARGV[5] then redis.call('DEL', KEYS[3]) end
redis.call('PUBLISH', ARGV[6], ARGV[7])
return 1
`);

/** The owner gives up: lock released (only when still ours), waiters told. KEYS lock · ARGV token, channel, message */
const abandon = new Script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
`);

/** Keeps a long compute's lock alive, only while it is still ours. KEYS lock · ARGV token, ttl ms */
const extend = new Script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

export type AcquireResult =
  { kind: 'value'; value: Buffer } | { kind: 'acquired' } | { kind: 'locked'; pttlMs: number };

export async function acquireOrRead(
  client: RedisClient,
  keys: { entry: string; lock: string },
  token: string,
  lockTtlMs: number,
): Promise<AcquireResult> {
  const reply = (await acquire.run(client, [keys.entry, keys.lock], [token, lockTtlMs])) as [
    number,
    Buffer | number,
  ];
  if (reply[0] === 1) return { kind: 'value', value: reply[1] as Buffer };
  if (reply[0] === 2) return { kind: 'acquired' };
  return { kind: 'locked', pttlMs: Math.max(0, Number(reply[1])) };
}

export async function storeEntry(
  client: RedisClient,
  keys: { entry: string; manifest: string; lock: string },
  args: {
    value: Buffer;
    retentionMs: number;
    id: string;
    manifestValue: string;
    token: string;
    channel: string;
    message: string;
  },
): Promise<void> {
  await store.run(
    client,
    [keys.entry, keys.manifest, keys.lock],
    [
      args.value,
      args.retentionMs,
      args.id,
      args.manifestValue,
      args.token,
      args.channel,
      args.message,
    ],
  );
}

export async function abandonLock(
  client: RedisClient,
  lock: string,
  token: string,
  channel: string,
  message: string,
): Promise<void> {
  await abandon.run(client, [lock], [token, channel, message]);
}

export async function extendLock(
  client: RedisClient,
  lock: string,
  token: string,
  ttlMs: number,
): Promise<boolean> {
  return Number(await extend.run(client, [lock], [token, ttlMs])) === 1;
}
