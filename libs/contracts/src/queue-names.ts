/** BullMQ queue and job names: one place, shared by producers, processors and tests. */
export const QueueNames = {
  tradingCycle: 'trading-cycle',
  featureWarming: 'feature-warming',
  alphaVantageCalls: 'alpha-vantage-calls',
} as const;

export const JobNames = {
  runCycle: 'run-cycle',
  warmSymbol: 'warm-symbol',
  callPermit: 'call-permit',
} as const;
