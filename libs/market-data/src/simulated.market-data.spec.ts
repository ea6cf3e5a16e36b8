import { InvalidInputError } from '@ffe/domain';
import { SimulatedMarketData } from './simulated.market-data';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 30);

describe('SimulatedMarketData', () => {
  const market = new SimulatedMarketData({ seed: 42 });

  it('is reproducible: a second instance with the same seed sees the same bars', async () => {
    const a = await market.candles({ pair: 'BTCUSD', timeframe: '1m', limit: 50, until: T0 });
    const b = await new SimulatedMarketData({ seed: 42 }).candles({
      pair: 'BTCUSD',
      timeframe: '1m',
      limit: 50,
      until: T0,
    });
    expect(b).toEqual(a);
    const other = await new SimulatedMarketData({ seed: 7 }).candles({
      pair: 'BTCUSD',
      timeframe: '1m',
      limit: 50,
      until: T0,
    });
    expect(other.candles[49].close).not.toBe(a.candles[49].close);
  });

  it('aligns closed bars to the timeframe and advances with the clock', async () => {
    const frame = await market.candles({ pair: 'ETHUSD', timeframe: '5m', limit: 3, until: T0 });
    const stamps = frame.candles.map((c) => c.timestamp);
    expect(stamps.every((t) => t % 300_000 === 0)).toBe(true);
    expect(stamps[2]).toBe(Date.UTC(2026, 0, 5, 11, 55));
    const later = await market.candles({
      pair: 'ETHUSD',
      timeframe: '5m',
      limit: 3,
      until: T0 + 300_000,
    });
    expect(later.candles[1]).toEqual(frame.candles[2]);
  });

  it('produces consistent OHLC and bars that chain', async () => {
    const { candles } = await market.candles({
      pair: 'SOLUSD',
      timeframe: '1m',
      limit: 3_000,
      until: T0,
    });
    for (let i = 1; i < candles.length; i++) {
      const c = candles[i];
      expect(c.open).toBe(candles[i - 1].close);
      expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close));
      expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
    }
  });

  it('has realistic volatility: per-bar log returns near the profile, within a factor of 2', async () => {
    const { candles } = await market.candles({
      pair: 'BTCUSD',
      timeframe: '1m',
      limit: 4_000,
      until: T0,
    });
    const returns = candles.slice(1).map((c, i) => Math.log(c.close / candles[i].close));
    const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
    const sd = Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / returns.length);
    expect(sd).toBeGreaterThan(0.0009 / 2);
    expect(sd).toBeLessThan(0.0009 * 2);
    expect(candles[0].close).toBeGreaterThan(60_000 * 0.5);
    expect(candles[0].close).toBeLessThan(60_000 * 2);
  });

  it('rejects an unknown pair naming the field, and serves configured extra pairs', async () => {
    await expect(
      market.candles({ pair: 'XYZABC', timeframe: '1m', limit: 5, until: T0 }),
    ).rejects.toMatchObject({ constructor: InvalidInputError, field: 'asset_pair' });
    const extra = new SimulatedMarketData({ seed: 1, extraPairs: ['XRPUSD'] });
    expect(extra.pairs()).toContain('XRPUSD');
    const frame = await extra.candles({ pair: 'XRPUSD', timeframe: '1m', limit: 5, until: T0 });
    expect(frame.candles).toHaveLength(5);
  });
});
