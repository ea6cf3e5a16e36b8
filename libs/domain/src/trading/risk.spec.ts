import type { BotConfig } from './bot-state';
import { assessEntry, drawdownBreached, drawdownPct, type RiskContext } from './risk';

const config: BotConfig = {
  asset_pairs: ['BTCUSD'],
  autonomous: true,
  take_profit: 0.05,
  stop_loss: 0.02,
  dry_run: false,
  stop_loss_pct: 2,
  position_size_pct: 10,
  confidence_threshold: 0.6,
  max_concurrent_trades: 2,
};
const ctx: RiskContext = {
  config,
  portfolioValue: 10_000,
  cash: 10_000,
  openPositions: 0,
  hasPositionOnPair: false,
  supportsShorts: true,
  price: 100,
};
const buy = { action: 'BUY' as const, confidence: 0.8, reasoning: '', provider: 'x' };

describe('risk rules', () => {
  it('sizes by position_size_pct of the portfolio', () => {
    // 10 % of 10 000 = 1 000 notional = 10 units at 100.
    expect(assessEntry(buy, ctx)).toEqual({ approved: true, size: 10 });
    const bigger = { ...config, position_size_pct: 25 };
    expect(assessEntry(buy, { ...ctx, config: bigger })).toEqual({ approved: true, size: 25 });
  });
  it('sizes the same whatever the stop-loss distance: the stop places the exit, not the size', () => {
    for (const [stop_loss, stop_loss_pct] of [
      [0.005, 0.5],
      [0.2, 20],
      [0.5, 50],
    ]) {
      const wide = { ...config, stop_loss, stop_loss_pct };
      expect(assessEntry(buy, { ...ctx, config: wide })).toEqual({ approved: true, size: 10 });
    }
  });
  it('rejects low confidence, holds, a full book and a second position on a pair', () => {
    expect(assessEntry({ ...buy, confidence: 0.5 }, ctx)).toMatchObject({ approved: false });
    expect(assessEntry({ ...buy, action: 'HOLD' }, ctx)).toMatchObject({ approved: false });
    expect(assessEntry(buy, { ...ctx, openPositions: 2 })).toMatchObject({
      reason: 'max concurrent trades reached',
    });
    expect(assessEntry(buy, { ...ctx, hasPositionOnPair: true })).toMatchObject({
      approved: false,
    });
  });
  it('opens no short where the platform holds none: a SELL entry there is rejected', () => {
    const sell = { ...buy, action: 'SELL' as const };
    expect(assessEntry(sell, { ...ctx, supportsShorts: false })).toEqual({
      approved: false,
      reason: 'no long to sell and the platform opens no shorts',
    });
    expect(assessEntry(sell, ctx)).toEqual({ approved: true, size: 10 });
    expect(assessEntry(buy, { ...ctx, supportsShorts: false })).toEqual({
      approved: true,
      size: 10,
    });
  });
  it('never sizes beyond free cash', () => {
    const verdict = assessEntry(buy, { ...ctx, cash: 500 });
    expect(verdict).toEqual({ approved: true, size: 4.9 });
  });
  it('measures drawdown from the peak and trips the kill switch at the limit', () => {
    expect(drawdownPct(10_000, 9_000)).toBe(10);
    expect(drawdownPct(10_000, 11_000)).toBe(0);
    expect(drawdownBreached(10_000, 9_500, 5)).toBe(true);
    expect(drawdownBreached(10_000, 9_600, 5)).toBe(false);
  });
});
