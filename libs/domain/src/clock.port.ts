/** Time as the domain sees it: injected so tests and replays control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
