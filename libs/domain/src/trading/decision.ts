/** What a decision provider may recommend for one pair. */
export const TRADE_ACTIONS = ['BUY', 'SELL', 'HOLD'] as const;
export type TradeAction = (typeof TRADE_ACTIONS)[number];

/** One provider's recommendation; `confidence` is 0..1. */
export interface ProviderDecision {
  action: TradeAction;
  confidence: number;
  reasoning: string;
  provider: string;
}

/**
 * What happened to a recorded decision: `proposal` (the bot is not autonomous, nothing was
 * executed), `executed`, `dry_run` (an order would have left, the platform boundary held it),
 * `rejected` (a risk rule said no), `hold`, `on_demand` (asked for through the API), or
 * `halted` (a stop or an emergency stop landed during its cycle: nothing was executed).
 */
export const DECISION_OUTCOMES = [
  'proposal',
  'executed',
  'dry_run',
  'rejected',
  'hold',
  'on_demand',
  'halted',
] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** A decision as recorded in the decisions stream. */
export interface Decision extends ProviderDecision {
  id: string;
  assetPair: string;
  /** Epoch ms. */
  createdAt: number;
  /** The price the decision was made at (last closed bar). */
  price: number;
  outcome: DecisionOutcome;
  /** Why a risk rule rejected it, or where the order went. */
  note?: string;
}

export function clampConfidence(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}
