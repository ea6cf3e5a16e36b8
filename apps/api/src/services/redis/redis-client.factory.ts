import { Logger } from '@nestjs/common';
import Redis, { Cluster, type RedisOptions } from 'ioredis';
import type { RedisTopology } from '../../config/app-config';

export type RedisClient = Redis | Cluster;

/**
 * One place that turns the configured topology (standalone URL, Sentinel, Cluster) into an
 * ioredis client. `name` shows in CLIENT LIST, so an operator can tell our connections apart.
 */
export function createRedisClient(
  topology: RedisTopology,
  name: string,
  overrides: RedisOptions = {},
): RedisClient {
  const options: RedisOptions = { connectionName: name, lazyConnect: false, ...overrides };
  return reportConnectionErrors(connect(topology, options), name);
}

function connect(topology: RedisTopology, options: RedisOptions): RedisClient {
  // REDIS_PASSWORD wins over a password in the URL (ioredis would let the URL's win).
  const auth: RedisOptions = topology.password ? { password: topology.password } : {};
  switch (topology.kind) {
    case 'standalone':
      return new Redis(topology.password ? withoutPassword(topology.url) : topology.url, {
        ...options,
        ...auth,
      });
    case 'sentinel':
      return new Redis({
        ...credentialsFrom(topology.url),
        ...options,
        ...auth,
        sentinels: topology.sentinels,
        name: topology.masterName,
      });
    case 'cluster':
      return new Cluster(topology.nodes, {
        redisOptions: { ...credentialsFrom(topology.url), ...options, ...auth },
      });
  }
}

/**
 * ioredis reconnects by itself; without an 'error' listener it prints every failed attempt as
 * an unstructured "Unhandled error event". Log the first error of an outage and the recovery.
 */
function reportConnectionErrors(client: RedisClient, name: string): RedisClient {
  const logger = new Logger('Redis');
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ connection: name, err: error.message }, 'Redis connection lost; reconnecting');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log({ connection: name }, 'Redis connection restored');
  });
  return client;
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

/** Sentinel and Cluster take the password and db from REDIS_URL, so secrets live in one variable. */
function credentialsFrom(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined;
  return {
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: Number.isInteger(db) ? db : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/** PING with a bound: a hung connection must not hang the caller (readiness, health). */
export async function pingWithin(client: RedisClient, timeoutMs: number): Promise<number> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no PONG within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([client.ping(), timeout]);
    return performance.now() - started;
  } finally {
    clearTimeout(timer);
  }
}

/** QUIT politely, and disconnect if the server does not answer (it may be the one that is down). */
export async function closeRedisClient(client: RedisClient, timeoutMs = 1_000): Promise<void> {
  if (client.status === 'end') return;
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([client.quit().catch(() => undefined), giveUp]);
  clearTimeout(timer);
  client.disconnect();
}
