import { JobNames } from '@ffe/contracts';
import { useRedis } from '@ffe/testing';
import { Queue } from 'bullmq';
import type { AppConfig } from '../../config/app-config';
import { FeatureWarmingService } from './feature-warming.service';

const config = { trading: { timeframe: '1m' } } as AppConfig;
const BAR = 1_796_112_000_000; // a minute boundary

describe('FeatureWarmingService.enqueueBars (real BullMQ on a real Redis)', () => {
  const ctx = useRedis();
  let queue: Queue;
  let warming: FeatureWarmingService;

  beforeEach(async () => {
    await ctx.redis.flushall();
    queue = new Queue('feature-warming-test', { connection: { url: ctx.url } });
    warming = new FeatureWarmingService(queue, config);
  });
  afterEach(() => queue.close());

  it('queues one warm-bar job per pair, named by the last bar the cycle reads', async () => {
    const cycleAt = BAR + 60_000 + 5_000; // 5 s after the bar [BAR, BAR + 1 m) closed
    await warming.enqueueBars(['BTCUSD', 'ETHUSD'], cycleAt);
    const jobs = await queue.getWaiting();
    expect(jobs.map((j) => [j.id, j.name, j.data]).sort()).toEqual([
      [`warm-BTCUSD-${BAR}`, JobNames.warmBar, { symbol: 'BTCUSD', at: cycleAt }],
      [`warm-ETHUSD-${BAR}`, JobNames.warmBar, { symbol: 'ETHUSD', at: cycleAt }],
    ]);
  });

  it('adds nothing for a second tick on the same bar (another replica, a retry)', async () => {
    await warming.enqueueBars(['BTCUSD'], BAR + 65_000);
    await warming.enqueueBars(['BTCUSD'], BAR + 65_000);
    await warming.enqueueBars(['BTCUSD'], BAR + 95_000); // a shorter cycle, same last bar
    expect(await queue.getWaitingCount()).toBe(1);
    await warming.enqueueBars(['BTCUSD'], BAR + 125_000); // the next bar has closed
    expect(await queue.getWaitingCount()).toBe(2);
  });
});
