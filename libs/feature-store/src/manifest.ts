import { UnavailableError } from '@ffe/domain';
import { FAILED, type RedisLink } from './redis-link';
import type { RedisClient } from './lua-scripts';
import { parseManifestEntry, type ManifestEntry, type RedisKeys } from './redis-keys';

/** One symbol's part of the cache, as GET /api/v1/features/stats shows it. */
export interface SymbolFeatureStats {
  symbol: string;
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  warms: number;
  /** hits / (hits + misses); null before the first request. */
  hitRatio: number | null;
  /** Open time of the oldest and newest bar any entry covers (epoch ms). */
  firstBarAt: number | null;
  lastBarAt: number | null;
  oldestEntryAt: number | null;
  newestEntryAt: number | null;
}

type Tally = { hits: number; misses: number; warms: number };
const SYMBOL_REFRESH_MS = 60 * 60 * 1000;
const DELETE_BATCH = 500;

/**
 * The per-symbol bookkeeping beside the entries: the manifest (one hash per symbol, written by
 * the store script), hit/miss/warm counters summed over every replica, and the set of symbols.
 * Counters are tallied in process and flushed in the background, so a hit costs no round trip.
 */
export class Manifest {
  private readonly pending = new Map<string, Tally>();
  private readonly registered = new Map<string, number>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly link: RedisLink,
    private readonly retentionMs: number,
  ) {}

  tally(symbol: string, field: keyof Tally): void {
    let tally = this.pending.get(symbol);
    if (!tally) this.pending.set(symbol, (tally = { hits: 0, misses: 0, warms: 0 }));
    tally[field]++;
  }

  /** Adds the symbol to the symbol set once an hour per process (and refreshes the set's TTL). */
  async register(symbol: string): Promise<void> {
    const last = this.registered.get(symbol);
    if (last !== undefined && Date.now() - last < SYMBOL_REFRESH_MS) return;
    this.registered.set(symbol, Date.now());
    const done = await this.link.run('write', () =>
      this.redis
        .multi()
        .sadd(this.keys.symbols, symbol)
        .pexpire(this.keys.symbols, this.retentionMs)
        .exec(),
    );
    if (done === FAILED) this.registered.delete(symbol);
  }

  /** Writes the tallies gathered since the last flush; on failure they wait for the next one. */
  async flush(): Promise<void> {
    const batch = [...this.pending];
    this.pending.clear();
    await Promise.all(
      batch.map(async ([symbol, tally]) => {
        const key = this.keys.counters(symbol);
        const done = await this.link.run('stats', () =>
          this.redis
            .multi()
            .hincrby(key, 'hits', tally.hits)
            .hincrby(key, 'misses', tally.misses)
            .hincrby(key, 'warms', tally.warms)
            .pexpire(key, this.retentionMs)
            .exec(),
        );
        if (done === FAILED) this.putBack(symbol, tally);
        else await this.register(symbol);
      }),
    );
  }

  private putBack(symbol: string, tally: Tally): void {
    const pending = this.pending.get(symbol);
    if (!pending) return void this.pending.set(symbol, tally);
    pending.hits += tally.hits;
    pending.misses += tally.misses;
    pending.warms += tally.warms;
  }

  /** Every symbol's stats; drops manifest rows past retention on the way. Throws when Redis is down. */
  async stats(now = Date.now()): Promise<SymbolFeatureStats[]> {
    await this.flush();
    const symbols = await this.required(() => this.redis.smembers(this.keys.symbols));
    const rows = await Promise.all(symbols.sort().map((symbol) => this.symbolStats(symbol, now)));
    return rows;
  }

  /** Removes every entry of a symbol (its manifest says which); returns how many. */
  async invalidate(symbol: string): Promise<number> {
    const manifest = this.keys.manifest(symbol);
    const ids = await this.required(() => this.redis.hkeys(manifest), 'invalidate');
    for (let i = 0; i < ids.length; i += DELETE_BATCH) {
      const keys = ids.slice(i, i + DELETE_BATCH).map((id) => this.keys.entry(symbol, id));
      await this.required(() => this.redis.unlink(...keys), 'invalidate');
    }
    await this.required(() => this.redis.unlink(manifest), 'invalidate');
    return ids.length;
  }

  /** Retention for the manifests this process wrote to: rows past it are removed. */
  async sweep(now = Date.now()): Promise<void> {
    for (const symbol of this.registered.keys()) {
      const rows = await this.link.run('stats', () =>
        this.redis.hgetall(this.keys.manifest(symbol)),
      );
      if (rows === FAILED) return;
      await this.dropExpired(symbol, rows, now);
    }
  }

  private async symbolStats(symbol: string, now: number): Promise<SymbolFeatureStats> {
    const [rows, counters] = await Promise.all([
      this.required(() => this.redis.hgetall(this.keys.manifest(symbol))),
      this.required(() => this.redis.hgetall(this.keys.counters(symbol))),
    ]);
    const live = await this.dropExpired(symbol, rows, now);
    const hits = Number(counters.hits ?? 0);
    const misses = Number(counters.misses ?? 0);
    const stats: SymbolFeatureStats = {
      symbol,
      entries: live.length,
      bytes: 0,
      hits,
      misses,
      warms: Number(counters.warms ?? 0),
      hitRatio: hits + misses === 0 ? null : hits / (hits + misses),
      firstBarAt: null,
      lastBarAt: null,
      oldestEntryAt: null,
      newestEntryAt: null,
    };
    for (const entry of live) {
      stats.bytes += entry.bytes;
      stats.firstBarAt = min(stats.firstBarAt, entry.firstTimestamp);
      stats.lastBarAt = max(stats.lastBarAt, entry.lastTimestamp);
      stats.oldestEntryAt = min(stats.oldestEntryAt, entry.createdAt);
      stats.newestEntryAt = max(stats.newestEntryAt, entry.createdAt);
    }
    return stats;
  }

  private async dropExpired(symbol: string, rows: Record<string, string>, now: number) {
    const live: ManifestEntry[] = [];
    const expired: string[] = [];
    for (const [id, value] of Object.entries(rows)) {
      const entry = parseManifestEntry(value);
      if (entry && entry.createdAt + this.retentionMs > now) live.push(entry);
      else expired.push(id);
    }
    if (expired.length > 0) {
      await this.link.run('stats', () => this.redis.hdel(this.keys.manifest(symbol), ...expired));
    }
    return live;
  }

  private async required<T>(
    operation: () => Promise<T>,
    op: 'stats' | 'invalidate' = 'stats',
  ): Promise<T> {
    const result = await this.link.run(op, operation);
    if (result === FAILED) {
      throw new UnavailableError(
        'FEATURES.UNAVAILABLE',
        `the feature store's Redis is unavailable (${this.link.problem ?? op})`,
      );
    }
    return result;
  }
}

function min(a: number | null, b: number): number {
  return a === null || b < a ? b : a;
}

function max(a: number | null, b: number): number {
  return a === null || b > a ? b : a;
}
