import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { forkTs, RedisServer, waitFor } from '@ffe/testing';
import Redis from 'ioredis';
import { candleFrame, computeFeatures, fingerprint } from './test/fixtures';
import type { WorkerMessage, WorkerOptions } from './test/contention.worker';

const WORKER = join(__dirname, 'test/contention.worker.ts');

/** A replica in its own OS process, and every message it sent so far. */
class Replica {
  readonly messages: WorkerMessage[] = [];
  private readonly child: ChildProcess;

  constructor(options: WorkerOptions) {
    this.child = forkTs(WORKER, [JSON.stringify(options)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: WorkerMessage) => this.messages.push(message));
  }

  has(type: WorkerMessage['type']): boolean {
    return this.messages.some((message) => message.type === type);
  }

  async until(type: WorkerMessage['type'], timeoutMs = 20_000): Promise<void> {
    await waitFor(() => this.has(type), { timeoutMs, what: `a replica to report ${type}` });
  }

  go(): void {
    this.child.send('go');
  }

  done(): Extract<WorkerMessage, { type: 'done' }> {
    return this.messages.find((m) => m.type === 'done') as Extract<WorkerMessage, { type: 'done' }>;
  }

  kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    return exited;
  }
}

describe('single-flight across processes (real Redis, real store in child processes)', () => {
  let server: RedisServer;
  let redis: Redis;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    server = await RedisServer.start();
    redis = new Redis(server.url);
  });
  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((replica) => replica.kill()));
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  const spawn = (options: Partial<WorkerOptions> & { prefix: string; counterKey: string }) => {
    const replica = new Replica({
      url: server.url,
      symbol: 'BTCUSD',
      seed: 7,
      concurrency: 32,
      computeMs: 300,
      lockTtlMs: 5_000,
      ...options,
    });
    replicas.push(replica);
    return replica;
  };

  it('4 processes × 32 concurrent cold requests for one key compute it exactly once', async () => {
    const counterKey = 'test:computes:once';
    const group = Array.from({ length: 4 }, () => spawn({ prefix: 'mp1', counterKey }));
    await Promise.all(group.map((replica) => replica.until('ready')));
    group.forEach((replica) => replica.go());
    await Promise.all(group.map((replica) => replica.until('done')));

    expect(Number(await redis.get(counterKey))).toBe(1);
    const expected = fingerprint(computeFeatures(candleFrame('BTCUSD', 500, 7)));
    const results = group.flatMap((replica) => replica.done().fingerprints);
    expect(results).toHaveLength(128);
    expect(new Set(results)).toEqual(new Set([expected]));
    // Waiters were woken when the value landed, not when the 5 s lock would have expired.
    for (const replica of group) expect(replica.done().elapsedMs).toBeLessThan(3_000);
  }, 60_000);

  it('when the lock owner is killed mid-compute, a waiting process takes over and finishes', async () => {
    const counterKey = 'test:computes:killed';
    const lockTtlMs = 1_000;
    const owner = spawn({ prefix: 'mp2', counterKey, lockTtlMs, concurrency: 1, hang: true });
    await owner.until('ready');
    owner.go();
    await owner.until('computing');

    const survivor = spawn({ prefix: 'mp2', counterKey, lockTtlMs, concurrency: 4 });
    await survivor.until('ready');
    survivor.go();
    await survivor.until('lock-attempt'); // it found the lock taken and waits
    const killedAt = performance.now();
    await owner.kill();
    await survivor.until('done');

    expect(Number(await redis.get(counterKey))).toBe(2); // the killed attempt, then the takeover
    const expected = fingerprint(computeFeatures(candleFrame('BTCUSD', 500, 7)));
    expect(new Set(survivor.done().fingerprints)).toEqual(new Set([expected]));
    // Taken over once the dead owner's lock expired: within its TTL plus the compute.
    expect(performance.now() - killedAt).toBeLessThan(lockTtlMs + 2_000);
    expect(await redis.keys('mp2:*:l:*')).toEqual([]);
  }, 60_000);
});
