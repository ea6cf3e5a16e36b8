import { register, type MetricValueWithName } from 'prom-client';
import { JobHeartbeat } from './job-heartbeat';

const NAMES = {
  lastRun: 't_last_run_seconds',
  duration: 't_duration_seconds',
  runs: 't_runs_total',
};

async function values(name: string) {
  const metric = register.getSingleMetric(name);
  if (!metric) throw new Error(`${name} not registered`);
  return (await metric.get()).values as MetricValueWithName<string>[];
}

describe('JobHeartbeat', () => {
  let now = 10_000;
  const clock = () => now;
  afterEach(() => register.clear());

  it('starts with every outcome at 0 and the last run at the process start, not 1970', async () => {
    new JobHeartbeat(NAMES, 'test job', ['ok', 'failed'], clock);
    expect((await values(NAMES.runs)).map((v) => [v.labels.outcome, v.value])).toEqual([
      ['ok', 0],
      ['failed', 0],
    ]);
    expect((await values(NAMES.lastRun))[0].value).toBe(10);
  });

  it('records a result by its outcome, and a throw as failed, rethrown', async () => {
    const beat = new JobHeartbeat(NAMES, 'test job', ['ok', 'skipped', 'failed'], clock);
    const job = async (result: string) => {
      now += 500;
      return result;
    };
    await expect(
      beat.measure(
        () => job('skipped'),
        () => 'skipped',
        'failed',
      ),
    ).resolves.toBe('skipped');
    const boom = beat.measure(
      async () => {
        now += 1_500;
        throw new Error('boom');
      },
      () => 'ok',
      'failed',
    );
    await expect(boom).rejects.toThrow('boom');
    const runs = Object.fromEntries(
      (await values(NAMES.runs)).map((v) => [v.labels.outcome, v.value]),
    );
    expect(runs).toEqual({ ok: 0, skipped: 1, failed: 1 });
    // The failed run is no heartbeat: the last run is the skipped one's end.
    expect((await values(NAMES.lastRun))[0].value).toBe(10.5);
    const sum = (await values(NAMES.duration)).find((v) => v.metricName?.endsWith('_sum'));
    expect(sum?.value).toBe(2);
  });
});
