import type { DecisionProvider, ProviderDecision } from '@ffe/domain';
import { waitFor } from '@ffe/testing';
import { CircuitBreakerDecisionProvider } from './circuit-breaker.decision-provider';
import type { BreakerStateValue, DecisionObserver, ProviderStatus } from './decision-observer';
import { EnsembleDecisionProvider } from './ensemble.decision-provider';

const frame = { symbol: 'ETHUSD', timeframe: '1m', candles: [] };

function fixed(name: string, action: ProviderDecision['action'], confidence: number) {
  return {
    name,
    decide: async () => ({ action, confidence, reasoning: name, provider: name }),
  } satisfies DecisionProvider;
}

function recorder() {
  const states: Record<string, BreakerStateValue> = {};
  const statuses: ProviderStatus[] = [];
  const observer: DecisionObserver = {
    request: ({ status }) => statuses.push(status),
    breakerState: ({ service, state }) => (states[service] = state),
  };
  return { observer, states, statuses };
}

describe('EnsembleDecisionProvider', () => {
  it('takes the weighted vote; confidence is the winner’s share of answering weight', async () => {
    const ensemble = new EnsembleDecisionProvider(
      [fixed('a', 'BUY', 0.9), fixed('b', 'SELL', 0.8), fixed('c', 'BUY', 0.5)],
      { weights: { a: 2, b: 1, c: 1 }, quorum: 2 },
    );
    const decision = await ensemble.decide({ frame });
    expect(decision.action).toBe('BUY');
    expect(decision.confidence).toBeCloseTo((2 * 0.9 + 0.5) / 4, 10);
    expect(decision.provider).toBe('ensemble');
    expect(decision.reasoning).toContain('b: SELL 0.80');
  });

  it('lets failing providers abstain, and abstains itself below the quorum', async () => {
    const broken: DecisionProvider = {
      name: 'broken',
      decide: async () => {
        throw new Error('down');
      },
    };
    const ok = new EnsembleDecisionProvider([broken, fixed('a', 'SELL', 0.7)], {
      weights: {},
      quorum: 1,
    });
    expect(await ok.decide({ frame })).toMatchObject({ action: 'SELL', confidence: 0.7 });
    const strict = new EnsembleDecisionProvider([broken, fixed('a', 'SELL', 0.7)], {
      weights: {},
      quorum: 2,
    });
    const abstained = await strict.decide({ frame });
    expect(abstained).toMatchObject({ action: 'HOLD', confidence: 0 });
    expect(abstained.reasoning).toMatch(/quorum not met.*broken/);
  });
});

describe('CircuitBreakerDecisionProvider', () => {
  it('times a hanging provider out, opens, reports it — and the ensemble still decides', async () => {
    const { observer, states, statuses } = recorder();
    const hanging: DecisionProvider = { name: 'slow', decide: () => new Promise(() => undefined) };
    const slow = new CircuitBreakerDecisionProvider(
      hanging,
      { timeoutMs: 20, errorThresholdPercentage: 50, volumeThreshold: 2, resetTimeoutMs: 60_000 },
      observer,
    );
    const good = new CircuitBreakerDecisionProvider(
      fixed('good', 'BUY', 0.8),
      {
        timeoutMs: 1_000,
        errorThresholdPercentage: 50,
        volumeThreshold: 2,
        resetTimeoutMs: 60_000,
      },
      observer,
    );
    expect(states.slow).toBe(0);
    const ensemble = new EnsembleDecisionProvider([slow, good], { weights: {}, quorum: 1 });
    for (let i = 0; i < 3; i++) {
      expect(await ensemble.decide({ frame })).toMatchObject({ action: 'BUY' });
    }
    await waitFor(() => states.slow === 2, { what: 'the breaker to open', timeoutMs: 2_000 });
    expect(slow.state).toBe('open');
    expect(statuses).toContain('timeout');
    // While open, the slow provider is rejected at once, not waited for.
    await ensemble.decide({ frame });
    expect(statuses).toContain('rejected');
    slow.shutdown();
    good.shutdown();
  });
});
