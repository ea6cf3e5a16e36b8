import { InvalidInputError } from '@ffe/domain';

/** An instant with its offset: a timestamp without one would mean the server's local time. */
const ZONED = /(Z|[+-]\d{2}:\d{2})$/i;

/**
 * A manual limit order's `expires_at` as epoch ms, checked against now: in the future and at
 * most `maxTtlMs` ahead (PENDING_ORDER_MAX_TTL_SECONDS), so no pending order outlives the
 * bound the paper account's state is documented by. Absent: the venue's default expiry.
 */
export function orderExpiry(
  expiresAt: string | undefined,
  now: number,
  maxTtlMs: number,
): number | undefined {
  if (expiresAt === undefined) return undefined;
  const at = ZONED.test(expiresAt) ? Date.parse(expiresAt) : Number.NaN;
  if (!Number.isFinite(at)) {
    throw invalid('expires_at must be an ISO-8601 timestamp with its offset (…Z or …+01:00)');
  }
  if (at <= now) throw invalid('expires_at must be in the future');
  if (at > now + maxTtlMs) {
    throw invalid(`expires_at must be at most ${maxTtlMs / 1_000} s ahead`);
  }
  return at;
}

function invalid(message: string): InvalidInputError {
  return new InvalidInputError('ORDER.EXPIRES_AT', message, 'expires_at');
}
