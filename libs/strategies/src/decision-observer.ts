/** Breaker states as `ffe_circuit_breaker_state` exports them. */
export const BREAKER_STATE = { closed: 0, half_open: 1, open: 2 } as const;
export type BreakerStateValue = (typeof BREAKER_STATE)[keyof typeof BREAKER_STATE];

/** Outcomes of one provider request (the `status` label). */
export const PROVIDER_STATUSES = ['success', 'failure', 'timeout', 'rejected'] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

/** What the strategies report; the API binds it to prom-client. */
export interface DecisionObserver {
  request(params: {
    provider: string;
    assetPair: string;
    status: ProviderStatus;
    seconds: number;
  }): void;
  breakerState(params: { service: string; state: BreakerStateValue }): void;
}

export const noopDecisionObserver: DecisionObserver = {
  request: () => undefined,
  breakerState: () => undefined,
};
