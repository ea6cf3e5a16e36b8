import { isIP } from 'node:net';
import { maskValueCredentials } from '@ffe/contracts';
import { ConfigError } from './config-error';

/** What Fastify's trustProxy accepts, minus `true` (which trusts any client's X-Forwarded-For). */
export type TrustProxy = false | number | string[];

/** proxy-addr's named ranges, accepted beside addresses and CIDRs. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: unset (trust no proxy: the client is the socket's peer), a hop count, or a comma
 * list of proxy addresses / CIDRs. Only then may X-Forwarded-For name the client, and only as far
 * as those hops: otherwise any client could pick its own address and dodge the rate limit.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined || raw.trim() === '') return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10)
      throw new ConfigError('TRUST_PROXY', `hop count must be at most 10 (got ${raw})`);
    return hops === 0 ? false : hops;
  }
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (!isAddressOrRange(entry)) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be a hop count or a comma list of IPs/CIDRs (got "${maskValueCredentials(entry)}")`,
      );
    }
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
