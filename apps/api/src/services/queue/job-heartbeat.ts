import { Counter, Gauge, Histogram, register } from 'prom-client';

/** Jobs take milliseconds (a quiet cycle) to tens of seconds (LLM decisions): buckets span both. */
export const JOB_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

export interface JobHeartbeatNames {
  lastRun: string;
  duration: string;
  runs: string;
}

/**
 * The heartbeat of one kind of job: when a run last completed, how long runs take, and runs by a
 * bounded `outcome`. Every outcome starts at 0 so rate() and increase() see the first one. The
 * last-run gauge starts at the process's start, not at 0 (1970): "no run since this replica came
 * up" then ages like a missed run, so a scheduler that never fires is noticed too.
 */
export class JobHeartbeat<O extends string> {
  private readonly lastRun: Gauge;
  private readonly duration: Histogram;
  private readonly runs: Counter<'outcome'>;

  constructor(
    names: JobHeartbeatNames,
    what: string,
    outcomes: readonly O[],
    private readonly now: () => number = Date.now,
  ) {
    for (const name of Object.values(names)) register.removeSingleMetric(name);
    this.lastRun = new Gauge({
      name: names.lastRun,
      help: `When a ${what} last completed (any outcome but failed), or this process started if none has, unix seconds`,
    });
    this.duration = new Histogram({
      name: names.duration,
      help: `Duration of a ${what}, any outcome, seconds`,
      buckets: JOB_DURATION_BUCKETS,
    });
    this.runs = new Counter({
      name: names.runs,
      help: `${what} runs by outcome (${outcomes.join(', ')})`,
      labelNames: ['outcome'],
    });
    for (const outcome of outcomes) this.runs.inc({ outcome }, 0);
    this.lastRun.set(now() / 1_000);
  }

  /**
   * Runs `job` and records it: `outcomeOf` names what a returned result was; a throw is
   * `failed` and is rethrown, so the queue still sees the failure.
   */
  async measure<T>(job: () => Promise<T>, outcomeOf: (result: T) => O, failed: O): Promise<T> {
    const started = this.now();
    let outcome = failed;
    try {
      const result = await job();
      outcome = outcomeOf(result);
      return result;
    } finally {
      const ended = this.now();
      this.duration.observe((ended - started) / 1_000);
      this.runs.inc({ outcome });
      // A failed run is no heartbeat: a job that fails every time must age like one that
      // never runs, so the stalled alert pages for it too.
      if (outcome !== failed) this.lastRun.set(ended / 1_000);
    }
  }
}
