import { useRedis } from '@ffe/testing';
import { Queue } from 'bullmq';
import { upsertOnGrid } from './grid-scheduler';

const EVERY = 60_000;
const OFFSET = 5_000;
const template = { name: 'tick', data: {} };

describe('upsertOnGrid (real BullMQ on a real Redis)', () => {
  const ctx = useRedis();
  let queue: Queue;

  beforeEach(async () => {
    await ctx.redis.flushall();
    queue = new Queue('grid-test', { connection: { url: ctx.url } });
  });
  afterEach(() => queue.close());

  it('lays a new scheduler on the grid, and says it laid it', async () => {
    expect(await upsertOnGrid(queue, 'tick', EVERY, OFFSET, template)).toBe(true);
    const { next } = (await queue.getJobScheduler('tick'))!;
    expect(next! % EVERY).toBe(OFFSET);
    expect(next!).toBeGreaterThan(Date.now());
  });

  it('keeps one already on the grid: the same next slot, not laid anew', async () => {
    await upsertOnGrid(queue, 'tick', EVERY, OFFSET, template);
    const before = (await queue.getJobScheduler('tick'))!.next;
    expect(await upsertOnGrid(queue, 'tick', EVERY, OFFSET, template)).toBe(false);
    expect((await queue.getJobScheduler('tick'))!.next).toBe(before);
    expect(await queue.getJobSchedulersCount()).toBe(1);
  });

  // What an older version left: an unaligned `every` scheduler keeps its phase on upsert.
  it('re-lays a scheduler an older version left off the grid', async () => {
    await queue.upsertJobScheduler('tick', { every: EVERY }, template);
    const old = (await queue.getJobScheduler('tick'))!.next!;
    expect(await upsertOnGrid(queue, 'tick', EVERY, OFFSET, template)).toBe(old % EVERY !== OFFSET);
    expect((await queue.getJobScheduler('tick'))!.next! % EVERY).toBe(OFFSET);
    expect(await queue.getJobSchedulersCount()).toBe(1);
    // One delayed iteration, the grid's: the off-grid one is gone.
    const delayed = await queue.getDelayed();
    expect(delayed.map((job) => Number(job.id!.split(':').at(-1)) % EVERY)).toEqual([OFFSET]);
  });
});
