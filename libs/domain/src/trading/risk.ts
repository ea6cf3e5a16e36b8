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
  /** The platform may open a short (`TradingPlatform.supportsShorts`). */
  supportsShorts: boolean;
}

export type RiskVerdict = { approved: true; size: number } | { approved: false; reason: string };

/**
 * The entry rules, in order: act only on BUY/SELL, above the confidence threshold, below the
 * concurrent-trade limit, one position per pair, no SELL entry (a short) where the platform
 * holds none (a spot account: a SELL only reduces a long), sized by position_size_pct of the portfolio,
 * and never beyond free cash. The stop-loss distance (`stop_loss`, a fraction; `stop_loss_pct`
 * is the same setting in percent) places the position's stop, and does not size it.
 */
export function assessEntry(decision: ProviderDecision, ctx: RiskContext): RiskVerdict {
  const { config } = ctx;
  if (decision.action === 'HOLD') return { approved: false, reason: 'hold' };
  if (decision.confidence < config.confidence_threshold) {
    return { approved: false, reason: 'confidence below threshold' };
  }
  if (ctx.hasPositionOnPair) return { approved: false, reason: 'position already open on pair' };
  if (decision.action === 'SELL' && !ctx.supportsShorts) {
    return { approved: false, reason: 'no long to sell and the platform opens no shorts' };
  }
  if (ctx.openPositions >= config.max_concurrent_trades) {
    return { approved: false, reason: 'max concurrent trades reached' };
  }
  // Keep room for fees and slippage.
  const notional = Math.min((ctx.portfolioValue * config.position_size_pct) / 100, ctx.cash * 0.98);
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
