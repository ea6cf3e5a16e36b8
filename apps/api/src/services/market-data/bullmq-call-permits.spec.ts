import { randomUUID } from 'node:crypto';
import { testRedisUrl } from '@ffe/testing';
import Redis from 'ioredis';
import { BullmqCallPermits } from './bullmq-call-permits';

describe('BullmqCallPermits', () => {
  const connections: Redis[] = [];
  const permits: BullmqCallPermits[] = [];
  const name = `call-permits-test-${randomUUID()}`;

  /** One replica: its own connection, the shared queue. */
  function replica(max: number, waitMs: number): BullmqCallPermits {
    const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    connections.push(connection);
    const created = new BullmqCallPermits(connection, { max, durationMs: 60_000, waitMs }, name);
    permits.push(created);
    return created;
  }

  afterAll(async () => {
    await Promise.all(permits.map((p) => p.close()));
    await Promise.all(connections.map((c) => c.quit()));
  });

  it('grants the budget across replicas, then makes callers wait and give up', async () => {
    const a = replica(2, 1_500);
    const b = replica(2, 1_500);
    await a.acquire();
    await b.acquire();
    // The budget (2 per minute) is spent for the whole queue: neither replica gets a third.
    await expect(a.acquire()).rejects.toThrow(/no call permit within 1500 ms/);
    await expect(b.acquire()).rejects.toThrow(/no call permit within 1500 ms/);
  });
});
