import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InvalidInputError, type DecisionProvider, type FeatureStore } from '@ffe/domain';
import {
  CircuitBreakerDecisionProvider,
  DEFAULT_BREAKER_OPTIONS,
  EnsembleDecisionProvider,
  MaCrossoverDecisionProvider,
  MacdMomentumDecisionProvider,
  RsiMeanReversionDecisionProvider,
} from '@ffe/strategies';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { FEATURE_STORE } from '../feature-store/feature-store.tokens';
import { TradingMetrics } from './trading-metrics';

/**
 * The decision providers by name: the technical ones, each behind its circuit breaker, and
 * `ensemble` voting over all of them. Another module may `register` a provider (an LLM, a
 * test double) before the first decision; it joins the ensemble behind its own breaker.
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
  }

  register(provider: DecisionProvider): void {
    const { timeoutMs, resetTimeoutMs } = this.config.trading.breaker;
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
