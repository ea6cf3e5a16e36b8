import type { CandleFrame, FeatureStore } from '@ffe/domain';
import { computeIndicators, INDICATOR_CONFIG } from './indicator-features';
import { MacdMomentumDecisionProvider } from './macd-momentum.decision-provider';
import { MaCrossoverDecisionProvider } from './ma-crossover.decision-provider';
import { RsiMeanReversionDecisionProvider } from './rsi-mean-reversion.decision-provider';

/** Computes every time, counting calls; enough to prove the providers go through the port. */
function passThroughStore() {
  const calls: string[] = [];
  const store: FeatureStore = {
    getOrCompute: (symbol, frame, config, compute) => {
      calls.push(symbol);
      return compute(frame, config);
    },
  };
  return { store, calls };
}

function frameOf(closes: number[]): CandleFrame {
  return {
    symbol: 'BTCUSD',
    timeframe: '1m',
    candles: closes.map((close, i) => ({
      timestamp: i * 60_000,
      open: close,
      high: close,
      low: close,
      close,
      volume: 1,
    })),
  };
}

const rising = frameOf(Array.from({ length: 80 }, (_, i) => 100 + i * 0.5 + Math.sin(i) * 0.2));
const falling = frameOf(Array.from({ length: 80 }, (_, i) => 200 - i * 0.8 + Math.sin(i) * 0.2));
const flat = frameOf(Array.from({ length: 80 }, (_, i) => 100 + (i % 2) * 0.01));

describe('technical decision providers', () => {
  it('compute their indicators through the feature store port', async () => {
    const { store, calls } = passThroughStore();
    await new MaCrossoverDecisionProvider(store, 'sma').decide({ frame: rising });
    await new RsiMeanReversionDecisionProvider(store).decide({ frame: rising });
    expect(calls).toEqual(['BTCUSD', 'BTCUSD']);
  });

  it('compute SMA, EMA, RSI and MACD columns as long as the frame, NaN before defined', async () => {
    const features = await computeIndicators(rising, { ...INDICATOR_CONFIG });
    expect(features.length).toBe(80);
    expect(Number.isNaN(features.columns.sma_slow[10])).toBe(true);
    const closes = rising.candles.slice(50, 80).map((c) => c.close);
    const sma30 = closes.reduce((s, c) => s + c, 0) / 30;
    expect(features.columns.sma_slow[79]).toBeCloseTo(sma30, 8);
    expect(features.columns.rsi[79]).toBeGreaterThan(70);
    expect(Number.isFinite(features.columns.macd_histogram[79])).toBe(true);
  });

  it('SMA and EMA crossover buy an uptrend and sell a downtrend', async () => {
    const { store } = passThroughStore();
    for (const kind of ['sma', 'ema'] as const) {
      const provider = new MaCrossoverDecisionProvider(store, kind);
      expect(provider.name).toBe(`${kind}_crossover`);
      expect((await provider.decide({ frame: rising })).action).toBe('BUY');
      const down = await provider.decide({ frame: falling });
      expect(down.action).toBe('SELL');
      expect(down.confidence).toBeGreaterThan(0);
      expect(down.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('RSI mean reversion sells overbought, buys oversold, holds neutral', async () => {
    const { store } = passThroughStore();
    const rsi = new RsiMeanReversionDecisionProvider(store);
    expect((await rsi.decide({ frame: rising })).action).toBe('SELL');
    expect((await rsi.decide({ frame: falling })).action).toBe('BUY');
    expect((await rsi.decide({ frame: flat })).action).toBe('HOLD');
  });

  it('MACD momentum follows the trend and holds with too few bars', async () => {
    const { store } = passThroughStore();
    const macd = new MacdMomentumDecisionProvider(store);
    expect((await macd.decide({ frame: falling })).action).toBe('SELL');
    const short = await macd.decide({ frame: frameOf([1, 2, 3]) });
    expect(short).toMatchObject({ action: 'HOLD', confidence: 0, provider: 'macd_momentum' });
  });
});
