/** BullMQ queue and job names: one place, shared by producers, processors and tests. */
export const QueueNames = {
  tradingCycle: 'trading-cycle',
  featureWarming: 'feature-warming',
  alphaVantageCalls: 'alpha-vantage-calls',
} as const;

export const JobNames = {
  runCycle: 'run-cycle',
  warmSymbol: 'warm-symbol',
  /** The tick, one per cycle, that queues a `warm-bar` per traded pair for the next cycle. */
  warmNextCycle: 'warm-next-cycle',
  /** One pair's features for one cycle: id `warm-<PAIR>-<bar open millis>`. */
  warmBar: 'warm-bar',
  callPermit: 'call-permit',
} as const;
