import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InvalidInputError, type DecisionProvider, type FeatureStore } from '@ffe/domain';
import {
  CircuitBreakerDecisionProvider,
  DEFAULT_BREAKER_OPTIONS,
  EnsembleDecisionProvider,
  LlmDecisionProvider,
  MaCrossoverDecisionProvider,
  MacdMomentumDecisionProvider,
  RsiMeanReversionDecisionProvider,
} from '@ffe/strategies';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { FEATURE_STORE } from '../feature-store/feature-store.tokens';
import { TradingMetrics } from './trading-metrics';

/**
 * The decision providers by name: the technical ones (and `llm` when LLM_BASE_URL is set), each
 * behind its circuit breaker, and `ensemble` voting over all of them. Another module may
 * `register` a provider (a test double) before the first decision; it joins the ensemble behind
 * its own breaker.
 */
@Injectable()
export class DecisionProviderRegistry implements OnApplicationShutdown {
  private readonly guarded = new Map<string, CircuitBreakerDecisionProvider>();
  private ensemble?: EnsembleDecisionProvider;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(FEATURE_STORE) store: FeatureStore,
    private readonly metrics: TradingMetrics,
  ) {
    this.register(new MaCrossoverDecisionProvider(store, 'sma'));
    this.register(new MaCrossoverDecisionProvider(store, 'ema'));
    this.register(new RsiMeanReversionDecisionProvider(store));
    this.register(new MacdMomentumDecisionProvider(store));
    const llm = config.trading.llm;
    // The model's own timeout fails the call first; the breaker's bound is the backstop.
    if (llm) this.register(new LlmDecisionProvider(llm, store), llm.timeoutMs + 1_000);
  }

  /** `timeoutMs` overrides PROVIDER_TIMEOUT_MS for a provider known to be slower (an LLM). */
  register(provider: DecisionProvider, timeoutMs = this.config.trading.breaker.timeoutMs): void {
    const { resetTimeoutMs } = this.config.trading.breaker;
    this.guarded.get(provider.name)?.shutdown();
    this.metrics.registerProvider(provider.name);
    const options = { ...DEFAULT_BREAKER_OPTIONS, timeoutMs, resetTimeoutMs };
    this.guarded.set(
      provider.name,
      new CircuitBreakerDecisionProvider(provider, options, this.metrics),
    );
    this.ensemble = new EnsembleDecisionProvider([...this.guarded.values()], {
      weights: this.config.trading.ensemble.weights,
      quorum: Math.min(this.config.trading.ensemble.quorum, this.guarded.size),
    });
  }

  names(): string[] {
    return ['ensemble', ...this.guarded.keys()];
  }

  /** The provider called `name` (default: the ensemble); 400 naming `provider` if unknown. */
  get(name = 'ensemble'): DecisionProvider {
    const found = name === 'ensemble' ? this.ensemble : this.guarded.get(name);
    if (!found) {
      throw new InvalidInputError(
        'PROVIDER.UNKNOWN',
        `unknown provider ${name} (known: ${this.names().join(', ')})`,
        'provider',
      );
    }
    return found;
  }

  onApplicationShutdown(): void {
    for (const provider of this.guarded.values()) provider.shutdown();
  }
}
