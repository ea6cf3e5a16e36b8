import { QueueJobStates, QueueNames } from '@ffe/contracts';
import { waitFor } from '@ffe/testing';
import request from 'supertest';
import { TradingCycleService } from '../src/app/trading-cycle/trading-cycle.service';
import { metricSample } from './support/metric-sample';
import { api } from './support/trading-env';
import { useTradingApp } from './support/use-trading-app';

class CycleCrash extends Error {}

/**
 * Every job has a heartbeat: the trading cycle and the warming jobs count their runs by
 * outcome, time them and stamp their last run; the queues' depth is read at scrape time and a
 * Redis outage never costs /metrics its answer.
 */
describe('job heartbeats and queue depth on /metrics', () => {
  const ctx = useTradingApp();
  const startedAt = Date.now() / 1_000;
  const metrics = async () => (await request(ctx.app.getHttpServer()).get('/metrics')).text;
  const value = async (name: string, labels?: Record<string, string>) =>
    metricSample(await metrics(), name, labels);

  it("a stopped bot's cycles are counted `skipped`, timed and stamped, with the interval", async () => {
    await waitFor(
      async () => ((await value('ffe_trading_cycles_total', { outcome: 'skipped' })) ?? 0) >= 1,
      { what: 'a skipped cycle counted', timeoutMs: 10_000 },
    );
    const text = await metrics();
    expect(metricSample(text, 'ffe_trading_cycle_interval_seconds')).toBe(1);
    expect(metricSample(text, 'ffe_trading_cycle_duration_seconds_count')).toBeGreaterThanOrEqual(
      1,
    );
    expect(metricSample(text, 'ffe_trading_cycle_last_run_timestamp_seconds')).toBeGreaterThan(
      startedAt,
    );
    for (const outcome of ['ok', 'stale', 'failed']) {
      expect(metricSample(text, 'ffe_trading_cycles_total', { outcome })).toBe(0);
    }
  });

  it('a cycle that throws is counted `failed`; its exhausted job shows as a failed job', async () => {
    const service = ctx.app.get(TradingCycleService);
    const real = service.run.bind(service);
    service.run = async () => {
      throw new CycleCrash('a cycle that throws');
    };
    try {
      await waitFor(
        async () =>
          ((await value('ffe_queue_jobs', { queue: QueueNames.tradingCycle, state: 'failed' })) ??
            0) >= 1,
        { what: 'a failed trading-cycle job in ffe_queue_jobs', timeoutMs: 20_000 },
      );
    } finally {
      service.run = real;
    }
    // Three attempts per job: each one is a failed cycle.
    expect(await value('ffe_trading_cycles_total', { outcome: 'failed' })).toBeGreaterThanOrEqual(
      3,
    );
  });

  it('reports every queue in every state', async () => {
    const text = await metrics();
    for (const queue of Object.values(QueueNames)) {
      for (const state of QueueJobStates) {
        expect({
          queue,
          state,
          value: metricSample(text, 'ffe_queue_jobs', { queue, state }),
        }).toEqual({ queue, state, value: expect.any(Number) });
      }
    }
  });

  it('a warming job is counted, timed and stamped', async () => {
    await api(ctx.app)
      .post('/api/v1/features/warm', { symbols: ['BTCUSD'] })
      .expect(202);
    await waitFor(
      async () => ((await value('featurestore_warming_runs_total', { outcome: 'ok' })) ?? 0) >= 1,
      { what: 'a warming run counted ok', timeoutMs: 10_000 },
    );
    const text = await metrics();
    expect(
      metricSample(text, 'featurestore_warming_duration_seconds_count'),
    ).toBeGreaterThanOrEqual(1);
    expect(metricSample(text, 'featurestore_warming_runs_total', { outcome: 'failed' })).toBe(0);
    expect(metricSample(text, 'featurestore_warming_last_run_timestamp_seconds')).toBeGreaterThan(
      startedAt,
    );
  });

  it('with Redis down /metrics still answers at once, the queue depth at its last value', async () => {
    const labels = { queue: QueueNames.tradingCycle, state: 'failed' };
    const before = await value('ffe_queue_jobs', labels);
    expect(before).toEqual(expect.any(Number));
    await ctx.redis.kill();
    try {
      const started = Date.now();
      const response = await request(ctx.app.getHttpServer()).get('/metrics');
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(metricSample(response.text, 'ffe_queue_jobs', labels)).toBe(before);
    } finally {
      await ctx.redis.resume();
    }
    // Back: the next scrape reads the queues again.
    await waitFor(
      async () => (await request(ctx.app.getHttpServer()).get('/ready')).status === 200,
      {
        what: 'the app ready again',
        timeoutMs: 15_000,
      },
    );
  });
});
