import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError } from '@ffe/domain';
import type { RedisClient } from '../../services/redis/redis-client.factory';
import { REDIS_STATE } from '../../services/redis/redis.tokens';
import { stateCall } from '../../services/redis/state-call';

/** As long as a client may retry with a key; the order itself is deduplicated for ever. */
const KEEP_SECONDS = 7 * 24 * 3600;

/**
 * Remembers what each Idempotency-Key was first sent with. The platform answers a repeated
 * key with the first order whatever the body says, so a key reused for another trade would
 * silently return the old one; here that is refused, naming the header.
 */
@Injectable()
export class IdempotencyFingerprints {
  constructor(@Inject(REDIS_STATE) private readonly redis: RedisClient) {}

  /** Records the body under the key, or throws when the key came with another body. */
  async claim(scope: string, key: string, body: Record<string, unknown>): Promise<void> {
    const redisKey = `ffe:idempotency:${scope}:${key}`;
    const fingerprint = fingerprintOf(body);
    const first = await stateCall(async () => {
      const set = await this.redis.set(redisKey, fingerprint, 'EX', KEEP_SECONDS, 'NX');
      return set === 'OK' ? fingerprint : this.redis.get(redisKey);
    });
    // Gone between the two calls (expired): nothing to compare with, the platform decides.
    if (first !== null && first !== fingerprint) {
      throw new InvalidInputError(
        'IDEMPOTENCY.KEY_REUSED',
        'Idempotency-Key was already used for a different request; use a new key per trade',
        'Idempotency-Key',
      );
    }
  }
}

/** The body's fields in a fixed order (absent ones left out), hashed. */
function fingerprintOf(body: Record<string, unknown>): string {
  const fields = Object.keys(body)
    .filter((name) => body[name] !== undefined)
    .sort()
    .map((name) => [name, body[name]]);
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url');
}
