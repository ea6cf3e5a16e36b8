/** How a simulated pair behaves: its typical price and its volatility per minute (log-return sd). */
export interface PairProfile {
  basePrice: number;
  volPerMinute: number;
}

/** The default market. Volatilities are roughly the real ones (crypto ~60–90 %/y, FX ~8 %/y). */
export const DEFAULT_PAIR_PROFILES: Record<string, PairProfile> = {
  BTCUSD: { basePrice: 60_000, volPerMinute: 0.0009 },
  ETHUSD: { basePrice: 3_000, volPerMinute: 0.0011 },
  SOLUSD: { basePrice: 150, volPerMinute: 0.0016 },
  EURUSD: { basePrice: 1.08, volPerMinute: 0.00011 },
  GBPUSD: { basePrice: 1.27, volPerMinute: 0.00012 },
  USDJPY: { basePrice: 150, volPerMinute: 0.00012 },
};

/** A pair configured beyond the defaults gets a profile derived from its name. */
export function derivedProfile(pairHash: number): PairProfile {
  return { basePrice: 10 + (pairHash % 990), volPerMinute: 0.001 };
}
