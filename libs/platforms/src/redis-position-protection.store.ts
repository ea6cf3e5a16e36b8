import { UnavailableError, type PositionProtectionStore, type ProtectiveLevels } from '@ffe/domain';
import type { Cluster, Redis } from 'ioredis';

export interface RedisPositionProtectionOptions {
  redis: Redis | Cluster;
  /** Whose positions (a platform name): each platform has its own hash. */
  platform: string;
  keyPrefix?: string;
}

/**
 * The Redis hash holding a platform's protective levels (field: order id, value: JSON). State:
 * no TTL, never evicted; one key, so every command is atomic and Cluster-safe.
 */
export function protectionKey(platform: string, prefix = 'ffe'): string {
  return `${prefix}:{${platform}}:protection`;
}

/**
 * Protective levels in one Redis hash. Each write is a single command (HSET, HDEL), so it is
 * atomic; a Redis failure is an UnavailableError, never a silent "no levels".
 */
export class RedisPositionProtectionStore implements PositionProtectionStore {
  readonly key: string;

  constructor(private readonly options: RedisPositionProtectionOptions) {
    this.key = protectionKey(options.platform, options.keyPrefix);
  }

  async save(id: string, levels: ProtectiveLevels): Promise<void> {
    const value: ProtectiveLevels = {};
    if (isPrice(levels.stopLoss)) value.stopLoss = levels.stopLoss;
    if (isPrice(levels.takeProfit)) value.takeProfit = levels.takeProfit;
    await this.redisCall(() => this.options.redis.hset(this.key, id, JSON.stringify(value)));
  }

  async load(ids: readonly string[]): Promise<Map<string, ProtectiveLevels>> {
    const found = new Map<string, ProtectiveLevels>();
    const unique = [...new Set(ids)];
    if (unique.length === 0) return found;
    const values = await this.redisCall(() => this.options.redis.hmget(this.key, ...unique));
    unique.forEach((id, i) => {
      const levels = parse(values[i]);
      if (levels) found.set(id, levels);
    });
    return found;
  }

  async drop(id: string): Promise<void> {
    await this.redisCall(() => this.options.redis.hdel(this.key, id));
  }

  private async redisCall<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new UnavailableError(
        'PLATFORM.UNAVAILABLE',
        'protective levels (Redis) are unavailable',
        { cause: error },
      );
    }
  }
}

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function parse(raw: string | null | undefined): ProtectiveLevels | undefined {
  if (!raw) return undefined;
  let stored: unknown;
  try {
    stored = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof stored !== 'object' || stored === null) return undefined;
  const { stopLoss, takeProfit } = stored as Record<string, unknown>;
  const levels: ProtectiveLevels = {};
  if (isPrice(stopLoss)) levels.stopLoss = stopLoss;
  if (isPrice(takeProfit)) levels.takeProfit = takeProfit;
  return levels;
}
