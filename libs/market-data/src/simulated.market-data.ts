import {
  InvalidInputError,
  timeframeMs,
  type Candle,
  type CandleFrame,
  type MarketDataProvider,
  type CandlesQuery,
} from '@ffe/domain';
import { LRUCache } from 'lru-cache';
import { DEFAULT_PAIR_PROFILES, derivedProfile, type PairProfile } from './pair-profiles';
import { gaussian, hash32, mulberry32 } from './prng';

/** Bars per generated chunk; anchors between chunks make any bar reachable without history. */
const CHUNK = 2_048;
/** Bars per volatility / drift regime. */
const REGIME = 256;
const MAX_CANDLES = 5_000;

export interface SimulatedMarketOptions {
  seed: number;
  /** Extra pairs beyond the default set. */
  extraPairs?: string[];
}

/**
 * A seeded, reproducible market. Bar `n` of a pair at a timeframe is a pure function of
 * (seed, pair, timeframe, n): every replica, every restart sees the same prices, and the
 * series advances as the clock crosses bar boundaries. Log prices follow a Brownian bridge
 * between deterministic chunk anchors (bounded around the pair's base price), with regimes
 * of calm, normal and turbulent volatility and a drift that flips between them.
 */
export class SimulatedMarketData implements MarketDataProvider {
  readonly name = 'simulated';
  private readonly profiles: Record<string, PairProfile>;
  private readonly chunks = new LRUCache<string, Float64Array>({ max: 256 });

  constructor(private readonly options: SimulatedMarketOptions) {
    this.profiles = { ...DEFAULT_PAIR_PROFILES };
    for (const pair of options.extraPairs ?? []) {
      this.profiles[pair] ??= derivedProfile(hash32(pair));
    }
  }

  pairs(): string[] {
    return Object.keys(this.profiles);
  }

  async candles(params: {
    pair: string;
    timeframe: string;
    limit: number;
    until: number;
  }): Promise<CandleFrame> {
    return this.candlesSync(params);
  }

  /** The same as `candles`, without a promise: benches and tests use it. */
  candlesSync({ pair, timeframe, limit, until }: CandlesQuery): CandleFrame {
    const profile = this.profiles[pair];
    if (!profile) {
      throw new InvalidInputError('PAIR.UNKNOWN', `unknown asset pair ${pair}`, 'asset_pair');
    }
    const ms = timeframeMs(timeframe);
    const count = Math.min(Math.max(1, Math.floor(limit)), MAX_CANDLES);
    // The bar containing `until` is still forming: the last closed one ends before it.
    const last = Math.floor(until / ms) - 1;
    const candles: Candle[] = [];
    for (let n = last - count + 1; n <= last; n++) {
      candles.push(this.candle(pair, timeframe, profile, ms, n));
    }
    return { symbol: pair, timeframe, candles };
  }

  private candle(pair: string, tf: string, profile: PairProfile, ms: number, n: number): Candle {
    const open = this.close(pair, tf, profile, ms, n - 1);
    const close = this.close(pair, tf, profile, ms, n);
    const random = mulberry32(hash32(`${this.options.seed}:${pair}:${tf}:bar:${n}`));
    const sigma = profile.volPerMinute * Math.sqrt(ms / 60_000);
    const high = Math.max(open, close) * (1 + random() * sigma);
    const low = Math.min(open, close) * (1 - random() * sigma);
    const volume = Math.round((0.5 + random()) * 1_000 * 100) / 100;
    return { timestamp: n * ms, open, high, low, close, volume };
  }

  private close(pair: string, tf: string, profile: PairProfile, ms: number, n: number): number {
    const chunk = Math.floor(n / CHUNK);
    const path = this.chunk(pair, tf, profile, ms, chunk);
    return profile.basePrice * Math.exp(path[n - chunk * CHUNK]);
  }

  /** Log-price offsets of one chunk's bars: a bridge from this chunk's anchor to the next. */
  private chunk(pair: string, tf: string, profile: PairProfile, ms: number, k: number) {
    const key = `${pair}:${tf}:${k}`;
    const cached = this.chunks.get(key);
    if (cached) return cached;
    const sigma = profile.volPerMinute * Math.sqrt(ms / 60_000);
    const start = this.anchor(pair, tf, sigma, k);
    const end = this.anchor(pair, tf, sigma, k + 1);
    const normal = gaussian(mulberry32(hash32(`${this.options.seed}:${pair}:${tf}:chunk:${k}`)));
    const walk = new Float64Array(CHUNK + 1);
    let scale = 1;
    let drift = 0;
    for (let i = 1; i <= CHUNK; i++) {
      if ((i - 1) % REGIME === 0) {
        const regime = normal();
        scale = regime < -0.7 ? 0.5 : regime > 0.9 ? 2.2 : 1;
        drift = normal() * sigma * 0.15;
      }
      walk[i] = walk[i - 1] + drift + normal() * sigma * scale;
    }
    const path = new Float64Array(CHUNK);
    for (let i = 0; i < CHUNK; i++) {
      const t = i / CHUNK;
      path[i] = start + walk[i] - t * walk[CHUNK] + t * (end - start);
    }
    this.chunks.set(key, path);
    return path;
  }

  /** A chunk boundary's log offset from the base price: bounded, so prices never run away. */
  private anchor(pair: string, tf: string, sigma: number, k: number): number {
    const normal = gaussian(mulberry32(hash32(`${this.options.seed}:${pair}:${tf}:anchor:${k}`)));
    const spread = Math.min(0.25, sigma * Math.sqrt(CHUNK) * 0.5);
    return normal() * spread;
  }
}
