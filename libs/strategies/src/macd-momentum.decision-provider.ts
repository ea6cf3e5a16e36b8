import {
  clampConfidence,
  type CandleFrame,
  type DecisionProvider,
  type FeatureStore,
  type ProviderDecision,
} from '@ffe/domain';
import { indicatorsFor, lastTwo } from './indicator-features';

/**
 * MACD momentum: BUY while the histogram is positive and rising, SELL while negative and
 * falling, HOLD when momentum fades. Confidence scales with the histogram relative to price.
 */
export class MacdMomentumDecisionProvider implements DecisionProvider {
  readonly name = 'macd_momentum';

  constructor(private readonly store: FeatureStore) {}

  async decide({ frame }: { frame: CandleFrame }): Promise<ProviderDecision> {
    const features = await indicatorsFor(this.store, frame);
    const [prev, hist] = lastTwo(features, 'macd_histogram');
    const [, price] = lastTwo(features, 'close');
    const provider = this.name;
    if (![prev, hist, price].every(Number.isFinite)) {
      return { action: 'HOLD', confidence: 0, reasoning: 'not enough bars for MACD', provider };
    }
    const strength = clampConfidence(0.5 + Math.abs(hist / price) / 0.0005);
    const text = `MACD histogram ${hist.toPrecision(4)} (was ${prev.toPrecision(4)})`;
    if (hist > 0 && hist >= prev) {
      return {
        action: 'BUY',
        confidence: strength,
        reasoning: `${text}: rising momentum`,
        provider,
      };
    }
    if (hist < 0 && hist <= prev) {
      return {
        action: 'SELL',
        confidence: strength,
        reasoning: `${text}: falling momentum`,
        provider,
      };
    }
    return { action: 'HOLD', confidence: 0.3, reasoning: `${text}: momentum fading`, provider };
  }
}
