/**
 * The store's key layout. Everything of one symbol shares the hash tag `{symbol}`, so the
 * scripts that touch an entry, its lock and the symbol's manifest stay in one Cluster slot.
 * Every key here carries a TTL: retention for cache data, the lock TTL for locks.
 *
 *   <prefix>:{SYM}:e:<id>   entry: the encoded feature frame
 *   <prefix>:{SYM}:l:<id>   compute lock: a random token, owned by the replica computing <id>
 *   <prefix>:{SYM}:m        manifest: hash <id> → "bytes,first_ts,last_ts,created_at"
 *   <prefix>:{SYM}:c        counters: hash hits, misses, warms
 *   <prefix>:symbols        set of symbols with data
 *   <prefix>:notify         pub/sub channel: entry landed, compute failed, symbol invalidated
 */
export class RedisKeys {
  readonly symbols: string;
  readonly channel: string;

  constructor(readonly prefix: string) {
    this.symbols = `${prefix}:symbols`;
    this.channel = `${prefix}:notify`;
  }

  entry(symbol: string, id: string): string {
    return `${this.prefix}:{${symbol}}:e:${id}`;
  }

  lock(symbol: string, id: string): string {
    return `${this.prefix}:{${symbol}}:l:${id}`;
  }

  manifest(symbol: string): string {
    return `${this.prefix}:{${symbol}}:m`;
  }

  counters(symbol: string): string {
    return `${this.prefix}:{${symbol}}:c`;
  }
}

/** Manifest field value: what stats and retention need, without reading the entry. */
export interface ManifestEntry {
  bytes: number;
  firstTimestamp: number;
  lastTimestamp: number;
  createdAt: number;
}

export function formatManifestEntry(entry: ManifestEntry): string {
  return `${entry.bytes},${entry.firstTimestamp},${entry.lastTimestamp},${entry.createdAt}`;
}

export function parseManifestEntry(value: string): ManifestEntry | undefined {
  const [bytes, firstTimestamp, lastTimestamp, createdAt] = value.split(',').map(Number);
  if (![bytes, firstTimestamp, lastTimestamp, createdAt].every(Number.isFinite)) return undefined;
  return { bytes, firstTimestamp, lastTimestamp, createdAt };
}
