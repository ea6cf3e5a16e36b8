import type { CandleFrame, DecisionProvider, ProviderDecision } from '@ffe/domain';
import CircuitBreaker from 'opossum';
import { BREAKER_STATE, type DecisionObserver, type ProviderStatus } from './decision-observer';

export interface BreakerOptions {
  /** A decision slower than this fails (and counts against the breaker). */
  timeoutMs: number;
  /** Failure share (percent) in the rolling window that opens the breaker. */
  errorThresholdPercentage: number;
  /** Requests in the window before the breaker may open. */
  volumeThreshold: number;
  /** How long an open breaker rejects before letting one trial through (half-open). */
  resetTimeoutMs: number;
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  timeoutMs: 2_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 3,
  resetTimeoutMs: 30_000,
};

/**
 * A provider behind an opossum circuit breaker with a timeout: a provider that hangs or keeps
 * failing is cut off (rejected at once while open) so one bad provider never stalls a cycle.
 * State changes and every request's outcome go to the observer.
 */
export class CircuitBreakerDecisionProvider implements DecisionProvider {
  readonly name: string;
  private readonly breaker: CircuitBreaker<[CandleFrame], ProviderDecision>;

  constructor(
    inner: DecisionProvider,
    options: BreakerOptions,
    private readonly observer: DecisionObserver,
  ) {
    this.name = inner.name;
    this.breaker = new CircuitBreaker((frame: CandleFrame) => inner.decide({ frame }), {
      name: inner.name,
      timeout: options.timeoutMs,
      errorThresholdPercentage: options.errorThresholdPercentage,
      volumeThreshold: options.volumeThreshold,
      resetTimeout: options.resetTimeoutMs,
    });
    const report = (state: keyof typeof BREAKER_STATE) => () =>
      observer.breakerState({ service: this.name, state: BREAKER_STATE[state] });
    this.breaker.on('open', report('open'));
    this.breaker.on('halfOpen', report('half_open'));
    this.breaker.on('close', report('closed'));
    report('closed')();
  }

  get state(): keyof typeof BREAKER_STATE {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half_open' : 'closed';
  }

  async decide({ frame }: { frame: CandleFrame }): Promise<ProviderDecision> {
    const started = performance.now();
    let status: ProviderStatus = 'success';
    try {
      return await this.breaker.fire(frame);
    } catch (error) {
      status = classify(error);
      throw error;
    } finally {
      this.observer.request({
        provider: this.name,
        assetPair: frame.symbol,
        status,
        seconds: (performance.now() - started) / 1_000,
      });
    }
  }

  /** Stops the breaker's timers (on shutdown). */
  shutdown(): void {
    this.breaker.shutdown();
  }
}

function classify(error: unknown): ProviderStatus {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'EOPENBREAKER') return 'rejected';
  return 'failure';
}
