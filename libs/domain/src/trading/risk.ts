import type { BotConfig } from './bot-state';
import type { ProviderDecision } from './decision';

export interface RiskContext {
  config: BotConfig;
  portfolioValue: number;
  cash: number;
  openPositions: number;
  /** An open position on this pair already exists. */
  hasPositionOnPair: boolean;
  price: number;
}

export type RiskVerdict = { approved: true; size: number } | { approved: false; reason: string };

/**
 * The entry rules, in order: act only on BUY/SELL, above the confidence threshold, below the
 * concurrent-trade limit, one position per pair, sized by position_size_pct and capped so the
 * loss at the stop is at most stop_loss_pct of the portfolio, and never beyond free cash.
 */
export function assessEntry(decision: ProviderDecision, ctx: RiskContext): RiskVerdict {
  const { config } = ctx;
  if (decision.action === 'HOLD') return { approved: false, reason: 'hold' };
  if (decision.confidence < config.confidence_threshold) {
    return { approved: false, reason: 'confidence below threshold' };
  }
  if (ctx.hasPositionOnPair) return { approved: false, reason: 'position already open on pair' };
  if (ctx.openPositions >= config.max_concurrent_trades) {
    return { approved: false, reason: 'max concurrent trades reached' };
  }
  let notional = (ctx.portfolioValue * config.position_size_pct) / 100;
  if (config.stop_loss > 0) {
    notional = Math.min(
      notional,
      (ctx.portfolioValue * config.stop_loss_pct) / 100 / config.stop_loss,
    );
  }
  // Keep room for fees and slippage.
  notional = Math.min(notional, ctx.cash * 0.98);
  if (!(notional > 0) || !(ctx.price > 0)) return { approved: false, reason: 'no free cash' };
  return { approved: true, size: notional / ctx.price };
}

/** Drawdown from the peak portfolio value, in percent (0 when at or above the peak). */
export function drawdownPct(peak: number, value: number): number {
  if (!(peak > 0) || value >= peak) return 0;
  return ((peak - value) / peak) * 100;
}

/** The kill switch: true when the drawdown reached the limit. */
export function drawdownBreached(peak: number, value: number, maxDrawdownPct: number): boolean {
  return drawdownPct(peak, value) >= maxDrawdownPct;
}
