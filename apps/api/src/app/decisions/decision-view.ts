import type { Decision } from '@ffe/domain';

/** A decision as the API shows it: the original engine's fields, then ours. */
export function decisionView(decision: Decision) {
  return {
    decision_id: decision.id,
    asset_pair: decision.assetPair,
    action: decision.action,
    confidence: decision.confidence,
    reasoning: decision.reasoning,
    provider: decision.provider,
    created_at: new Date(decision.createdAt).toISOString(),
    price: decision.price,
    outcome: decision.outcome,
    note: decision.note ?? null,
  };
}
