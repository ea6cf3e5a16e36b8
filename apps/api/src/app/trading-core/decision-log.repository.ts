import { Inject, Injectable } from '@nestjs/common';
import { UnavailableError, type Decision } from '@ffe/domain';
import type { RedisClient } from '../../services/redis/redis-client.factory';
import { REDIS_STATE } from '../../services/redis/redis.tokens';

const STREAM = 'ffe:decisions';
const MAXLEN = 100_000;
/** Marks a decision id as recorded; it only needs to outlive a job's retries. */
const SEEN_TTL_SECONDS = 7 * 24 * 3_600;

/**
 * Records a decision once: a retried cycle re-derives the same decision id, and the marker
 * (SET NX, a key with a TTL, so it is the only evictable part) keeps the stream free of
 * duplicates. KEYS: marker, stream. ARGV: ttl, maxlen, decision JSON.
 */
const RECORD_ONCE = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'decision', ARGV[3])
return 1
`;

/** The decisions stream in Redis: every decision, proposals included, newest last. */
@Injectable()
export class DecisionLog {
  constructor(@Inject(REDIS_STATE) private readonly redis: RedisClient) {}

  /** True when recorded now, false when this id was recorded before. */
  async record(decision: Decision): Promise<boolean> {
    const recorded = await this.guard(() =>
      this.redis.eval(
        RECORD_ONCE,
        2,
        `ffe:decision-seen:${decision.id}`,
        STREAM,
        SEEN_TTL_SECONDS,
        MAXLEN,
        JSON.stringify(decision),
      ),
    );
    return recorded === 1;
  }

  async latest(limit: number): Promise<Decision[]> {
    const entries = await this.guard(() => this.redis.xrevrange(STREAM, '+', '-', 'COUNT', limit));
    return entries.map(([, fields]) => JSON.parse(fields[1]) as Decision);
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new UnavailableError('STATE.UNAVAILABLE', 'the decision log (Redis) is unavailable', {
        cause: error,
      });
    }
  }
}
