import type { CandleFrame } from '../market';
import type { ProviderDecision } from './decision';

/** A source of trading decisions (a technical strategy, an ensemble, an LLM). */
export interface DecisionProvider {
  /** Stable, short, lower_snake name: used as a metric label and in the API. */
  readonly name: string;
  /** Decides for the frame's pair from its candles (oldest first, last one closed). */
  decide(params: { frame: CandleFrame }): Promise<ProviderDecision>;
}
