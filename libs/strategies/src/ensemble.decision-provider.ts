import {
  clampConfidence,
  TRADE_ACTIONS,
  type CandleFrame,
  type DecisionProvider,
  type ProviderDecision,
  type TradeAction,
} from '@ffe/domain';

export interface EnsembleOptions {
  /** Weight per provider name; a provider without one weighs 1. */
  weights: Record<string, number>;
  /** Fewest providers that must answer for the ensemble to decide; fewer → HOLD (abstain). */
  quorum: number;
}

/**
 * A weighted vote over providers run in parallel. Each answering provider adds
 * weight × confidence to its action; the winner's confidence is its share of the answering
 * weight. Providers that fail (or whose breaker is open) abstain; below the quorum the
 * ensemble abstains too, with HOLD and confidence 0.
 */
export class EnsembleDecisionProvider implements DecisionProvider {
  readonly name = 'ensemble';

  constructor(
    private readonly providers: DecisionProvider[],
    private readonly options: EnsembleOptions,
  ) {}

  async decide({ frame }: { frame: CandleFrame }): Promise<ProviderDecision> {
    const settled = await Promise.allSettled(this.providers.map((p) => p.decide({ frame })));
    const votes: ProviderDecision[] = [];
    const failed: string[] = [];
    settled.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') votes.push(outcome.value);
      else failed.push(this.providers[i].name);
    });
    const failures = failed.length > 0 ? `; abstained (failed): ${failed.join(', ')}` : '';
    if (votes.length < this.options.quorum) {
      return {
        action: 'HOLD',
        confidence: 0,
        reasoning: `quorum not met: ${votes.length} of ${this.options.quorum} needed${failures}`,
        provider: this.name,
      };
    }
    const scores = Object.fromEntries(TRADE_ACTIONS.map((a) => [a, 0])) as Record<
      TradeAction,
      number
    >;
    let totalWeight = 0;
    for (const vote of votes) {
      const weight = this.options.weights[vote.provider] ?? 1;
      scores[vote.action] += weight * vote.confidence;
      totalWeight += weight;
    }
    const action = TRADE_ACTIONS.reduce((best, a) => (scores[a] > scores[best] ? a : best), 'HOLD');
    const confidence = totalWeight > 0 ? clampConfidence(scores[action] / totalWeight) : 0;
    const tally = votes
      .map((v) => `${v.provider}: ${v.action} ${v.confidence.toFixed(2)}`)
      .join('; ');
    return { action, confidence, reasoning: `${tally}${failures}`, provider: this.name };
  }
}
