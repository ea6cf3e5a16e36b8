export { INDICATOR_CONFIG, MIN_BARS, computeIndicators, indicatorsFor } from './indicator-features';
export { MaCrossoverDecisionProvider } from './ma-crossover.decision-provider';
export { RsiMeanReversionDecisionProvider } from './rsi-mean-reversion.decision-provider';
export { MacdMomentumDecisionProvider } from './macd-momentum.decision-provider';
export { EnsembleDecisionProvider, type EnsembleOptions } from './ensemble.decision-provider';
export {
  CircuitBreakerDecisionProvider,
  DEFAULT_BREAKER_OPTIONS,
  type BreakerOptions,
} from './circuit-breaker.decision-provider';
export * from './decision-observer';
export { LlmDecisionProvider, parseLlmAnswer, type LlmOptions } from './llm.decision-provider';
