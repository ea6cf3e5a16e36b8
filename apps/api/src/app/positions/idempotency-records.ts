import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError } from '@ffe/domain';
import type { RedisClient } from '../../services/redis/redis-client.factory';
import { REDIS_STATE } from '../../services/redis/redis.tokens';
import { stateCall } from '../../services/redis/state-call';

/**
 * How long an answer that holds no money (rejected, dry_run) is remembered. An answer that
 * holds money (filled, pending) is remembered as long as its order, which is for ever.
 */
export const MONEYLESS_RETENTION_MS = 7 * 24 * 3_600_000;
/** Moneyless records a sweep drops at most, so one request never pays for a backlog. */
const SWEEP_BATCH = 100;

/** What a claim found under the key. */
export type Claim<T> = { kind: 'new' } | { kind: 'unanswered' } | { kind: 'answered'; answer: T };

/**
 * KEYS: record. ARGV: fingerprint, now. A new key takes the fingerprint; a known one with
 * another body is 'reused'; else its answer, if it has one.
 */
const CLAIM = `
local fingerprint = redis.call('HGET', KEYS[1], 'fingerprint')
if not fingerprint then
  redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'at', ARGV[2])
  return {'new', ''}
end
if fingerprint ~= ARGV[1] then return {'reused', ''} end
return {'same', redis.call('HGET', KEYS[1], 'answer') or ''}
`;

/**
 * KEYS: record, moneyless index. ARGV: answer JSON, '1' when it holds no money, now.
 * The first answer stays: a concurrent request's later answer returns the first.
 */
const ANSWER = `
local first = redis.call('HGET', KEYS[1], 'answer')
if first then return {0, first} end
redis.call('HSET', KEYS[1], 'answer', ARGV[1])
if ARGV[2] == '1' then redis.call('ZADD', KEYS[2], ARGV[3], KEYS[1]) end
return {1, ARGV[1]}
`;

/** KEYS: record. ARGV: fingerprint. Drops a claim that never got an answer, if still ours. */
const RELEASE = `
if redis.call('HGET', KEYS[1], 'fingerprint') ~= ARGV[1] then return 0 end
if redis.call('HEXISTS', KEYS[1], 'answer') == 1 then return 0 end
return redis.call('DEL', KEYS[1])
`;

/**
 * KEYS: moneyless index. ARGV: cutoff, batch. Drops moneyless records answered before the
 * cutoff. The records share the index's hash tag, so they sit in its Cluster slot.
 */
const SWEEP = `
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, key in ipairs(old) do redis.call('DEL', key) end
if #old > 0 then redis.call('ZREM', KEYS[1], unpack(old)) end
return #old
`;

/**
 * One record per Idempotency-Key (`ffe:idempotency:{<scope>}:key:<key>`, a hash, no TTL, so
 * `volatile-lru` never evicts it): the fingerprint of the body it first came with and, once
 * answered, the first answer. A key reused with another body is a 400 naming the header; a
 * key sent again answers what it first answered, whatever the bot's mode since. Records of
 * answers that hold money live as long as their orders (for ever, like the platform's order
 * keys); moneyless ones are indexed and swept after MONEYLESS_RETENTION_MS, never evicted.
 */
@Injectable()
export class IdempotencyRecords {
  constructor(@Inject(REDIS_STATE) private readonly redis: RedisClient) {}

  /** Takes the key for this body, or says what it holds; a 400 for another body. */
  async claim<T>(scope: string, key: string, body: Record<string, unknown>): Promise<Claim<T>> {
    const [found, answer] = (await stateCall(() =>
      this.redis.eval(CLAIM, 1, recordKey(scope, key), fingerprintOf(body), String(Date.now())),
    )) as [string, string];
    if (found === 'reused') {
      throw new InvalidInputError(
        'IDEMPOTENCY.KEY_REUSED',
        'Idempotency-Key was already used for a different request; use a new key per trade',
        'Idempotency-Key',
      );
    }
    if (found === 'new') return { kind: 'new' };
    return answer ? { kind: 'answered', answer: JSON.parse(answer) as T } : { kind: 'unanswered' };
  }

  /**
   * Stores the key's first answer and returns the key's answer: this one, or an earlier one
   * (`first: false`) a concurrent request stored. Sweeps moneyless records past retention.
   */
  async answer<T>(
    scope: string,
    key: string,
    answer: T,
    holdsMoney: boolean,
  ): Promise<{ answer: T; first: boolean }> {
    const now = Date.now();
    const index = indexKey(scope);
    const [stored, first] = (await stateCall(() =>
      this.redis.eval(
        ANSWER,
        2,
        recordKey(scope, key),
        index,
        JSON.stringify(answer),
        holdsMoney ? '0' : '1',
        String(now),
      ),
    )) as [number, string];
    await stateCall(() =>
      this.redis.eval(SWEEP, 1, index, String(now - MONEYLESS_RETENTION_MS), SWEEP_BATCH),
    );
    return { answer: JSON.parse(first) as T, first: stored === 1 };
  }

  /** Gives a key back that this request took and nothing answered (refused before trading). */
  async release(scope: string, key: string, body: Record<string, unknown>): Promise<void> {
    await stateCall(() => this.redis.eval(RELEASE, 1, recordKey(scope, key), fingerprintOf(body)));
  }
}

/** The scope in braces is a Cluster hash tag: a scope's records and index share one slot. */
export function recordKey(scope: string, key: string): string {
  return `ffe:idempotency:{${scope}}:key:${key}`;
}

/** The moneyless answers by answer time: what the sweep reads. */
export function indexKey(scope: string): string {
  return `ffe:idempotency:{${scope}}:moneyless`;
}

/** The body's fields in a fixed order (absent ones left out), hashed. */
function fingerprintOf(body: Record<string, unknown>): string {
  const fields = Object.keys(body)
    .filter((name) => body[name] !== undefined)
    .sort()
    .map((name) => [name, body[name]]);
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url');
}
