import {
  clampConfidence,
  type CandleFrame,
  type DecisionProvider,
  type FeatureStore,
  type ProviderDecision,
} from '@ffe/domain';
import { indicatorsFor, lastTwo } from './indicator-features';

/**
 * Moving-average crossover: BUY when the fast average is above the slow one (a fresh cross
 * up is surest), SELL when below. Confidence grows from 0.5 with the gap relative to the price.
 */
export class MaCrossoverDecisionProvider implements DecisionProvider {
  readonly name: string;

  constructor(
    private readonly store: FeatureStore,
    private readonly kind: 'sma' | 'ema',
  ) {
    this.name = `${kind}_crossover`;
  }

  async decide({ frame }: { frame: CandleFrame }): Promise<ProviderDecision> {
    const features = await indicatorsFor(this.store, frame);
    const [prevFast, fast] = lastTwo(features, `${this.kind}_fast`);
    const [prevSlow, slow] = lastTwo(features, `${this.kind}_slow`);
    const [, price] = lastTwo(features, 'close');
    if (![prevFast, fast, prevSlow, slow, price].every(Number.isFinite)) {
      return this.hold('not enough bars for the averages');
    }
    const gap = (fast - slow) / price;
    const crossed = Math.sign(prevFast - prevSlow) !== Math.sign(fast - slow);
    // A trend at all is half conviction; a 0.2 % gap saturates; a fresh cross adds some.
    const confidence = clampConfidence(0.5 + Math.abs(gap) / 0.004 + (crossed ? 0.2 : 0));
    const label = this.kind.toUpperCase();
    if (gap > 0) {
      return this.decision(
        'BUY',
        confidence,
        `${label} fast ${fast.toFixed(4)} above slow ${slow.toFixed(4)}${crossed ? ' (fresh cross)' : ''}`,
      );
    }
    if (gap < 0) {
      return this.decision(
        'SELL',
        confidence,
        `${label} fast ${fast.toFixed(4)} below slow ${slow.toFixed(4)}${crossed ? ' (fresh cross)' : ''}`,
      );
    }
    return this.hold('averages equal');
  }

  private decision(action: ProviderDecision['action'], confidence: number, reasoning: string) {
    return { action, confidence, reasoning, provider: this.name };
  }

  private hold(reasoning: string): ProviderDecision {
    return this.decision('HOLD', 0, reasoning);
  }
}
