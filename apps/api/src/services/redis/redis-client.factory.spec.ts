import type { Cluster } from 'ioredis';
import type Redis from 'ioredis';
import { closeRedisClient, createRedisClient } from './redis-client.factory';

/** The options each topology's client was built with (lazyConnect: nothing is dialled). */
describe('createRedisClient applies REDIS_PASSWORD', () => {
  const lazy = { lazyConnect: true };

  it('standalone: over the URL password', async () => {
    const client = createRedisClient(
      { kind: 'standalone', url: 'redis://:from-url@127.0.0.1:1', password: 'pw' },
      'spec',
      lazy,
    ) as Redis;
    expect(client.options.password).toBe('pw');
    await closeRedisClient(client);
  });

  it('sentinel: to the master connection', async () => {
    const client = createRedisClient(
      {
        kind: 'sentinel',
        url: 'redis://127.0.0.1:1',
        sentinels: [{ host: '127.0.0.1', port: 1 }],
        masterName: 'm',
        password: 'pw',
      },
      'spec',
      lazy,
    ) as Redis;
    expect(client.options.password).toBe('pw');
    await closeRedisClient(client);
  });

  it('cluster: to every node', async () => {
    const client = createRedisClient(
      {
        kind: 'cluster',
        url: 'redis://127.0.0.1:1',
        nodes: [{ host: '127.0.0.1', port: 1 }],
        password: 'pw',
      },
      'spec',
      lazy,
    ) as Cluster;
    expect(client.options.redisOptions?.password).toBe('pw');
    await closeRedisClient(client);
  });

  it('keeps the URL password when REDIS_PASSWORD is unset', async () => {
    const client = createRedisClient(
      { kind: 'standalone', url: 'redis://:from-url@127.0.0.1:1' },
      'spec',
      lazy,
    ) as Redis;
    expect(client.options.password).toBe('from-url');
    await closeRedisClient(client);
  });
});
