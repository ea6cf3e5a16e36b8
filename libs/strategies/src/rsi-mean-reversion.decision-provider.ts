import {
  clampConfidence,
  type CandleFrame,
  type DecisionProvider,
  type FeatureStore,
  type ProviderDecision,
} from '@ffe/domain';
import { indicatorsFor, lastTwo } from './indicator-features';

const OVERSOLD = 30;
const OVERBOUGHT = 70;

/** RSI mean reversion: BUY oversold (< 30), SELL overbought (> 70), HOLD between. */
export class RsiMeanReversionDecisionProvider implements DecisionProvider {
  readonly name = 'rsi_mean_reversion';

  constructor(private readonly store: FeatureStore) {}

  async decide({ frame }: { frame: CandleFrame }): Promise<ProviderDecision> {
    const [, rsi] = lastTwo(await indicatorsFor(this.store, frame), 'rsi');
    const provider = this.name;
    if (!Number.isFinite(rsi)) {
      return { action: 'HOLD', confidence: 0, reasoning: 'not enough bars for RSI', provider };
    }
    if (rsi < OVERSOLD) {
      const confidence = clampConfidence(0.5 + (OVERSOLD - rsi) / 40);
      return { action: 'BUY', confidence, reasoning: `RSI ${rsi.toFixed(1)} oversold`, provider };
    }
    if (rsi > OVERBOUGHT) {
      const confidence = clampConfidence(0.5 + (rsi - OVERBOUGHT) / 40);
      return {
        action: 'SELL',
        confidence,
        reasoning: `RSI ${rsi.toFixed(1)} overbought`,
        provider,
      };
    }
    // Neutral RSI is a weak HOLD: it should temper the trend providers, not outvote them.
    const confidence = clampConfidence(0.5 * (1 - Math.abs(rsi - 50) / 20));
    return { action: 'HOLD', confidence, reasoning: `RSI ${rsi.toFixed(1)} neutral`, provider };
  }
}
