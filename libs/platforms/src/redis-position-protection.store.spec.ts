import { UnavailableError } from '@ffe/domain';
import { useRedis } from '@ffe/testing';
import Redis from 'ioredis';
import { protectionKey, RedisPositionProtectionStore } from './redis-position-protection.store';

describe('RedisPositionProtectionStore against a real Redis', () => {
  const ctx = useRedis();
  let prefixes = 0;

  const store = (client: Redis = ctx.redis) =>
    new RedisPositionProtectionStore({
      redis: client,
      platform: 'coinbase',
      keyPrefix: `p${++prefixes}`,
    });

  it('keeps levels as state (no TTL) and reads them back from another connection', async () => {
    const first = store();
    await first.save('ffe-order:a', { stopLoss: 41_000, takeProfit: 45_000 });
    await first.save('ffe-order:b', { stopLoss: 40_000 });

    const other = new Redis(ctx.url);
    try {
      const again = new RedisPositionProtectionStore({
        redis: other,
        platform: 'coinbase',
        keyPrefix: `p${prefixes}`,
      });
      const levels = await again.load(['ffe-order:a', 'ffe-order:b', 'ffe-order:none']);
      expect(Object.fromEntries(levels)).toEqual({
        'ffe-order:a': { stopLoss: 41_000, takeProfit: 45_000 },
        'ffe-order:b': { stopLoss: 40_000 },
      });
    } finally {
      other.disconnect();
    }
    expect(first.key).toBe(protectionKey('coinbase', `p${prefixes}`));
    expect(await ctx.redis.ttl(first.key)).toBe(-1);
  });

  it('drops the levels of one id and leaves the others', async () => {
    const s = store();
    await s.save('a', { stopLoss: 1 });
    await s.save('b', { takeProfit: 2 });
    await s.drop('a');
    await s.drop('never-saved');
    expect(Object.fromEntries(await s.load(['a', 'b']))).toEqual({ b: { takeProfit: 2 } });
  });

  it('stores only finite positive prices', async () => {
    const s = store();
    await s.save('a', { stopLoss: Number.NaN, takeProfit: 50 });
    expect((await s.load(['a'])).get('a')).toEqual({ takeProfit: 50 });
    expect(await s.load([])).toEqual(new Map());
  });

  it('fails loudly when Redis is unreachable, never as "no levels"', async () => {
    const down = new Redis(ctx.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    const s = store(down);
    await expect(s.load(['a'])).rejects.toBeInstanceOf(UnavailableError);
    await expect(s.save('a', { stopLoss: 1 })).rejects.toMatchObject({
      code: 'PLATFORM.UNAVAILABLE',
    });
    down.disconnect();
  });
});
