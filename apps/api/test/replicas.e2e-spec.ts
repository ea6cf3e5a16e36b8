import { RedisServer, waitFor } from '@ffe/testing';
import Redis from 'ioredis';
import type { Position } from '@ffe/domain';
import { ApiProcess } from './support/api-process';
import { tradingEnv } from './support/trading-env';

const LEDGER = 'ffe:{paper}:ledger';
const PAIRS = ['BTCUSD', 'ETHUSD', 'SOLUSD', 'EURUSD', 'GBPUSD', 'USDJPY'];

interface Recorded {
  decision: string;
}

/** Two replicas of the real API on one Redis; SIGKILL in the middle of a cycle. */
describe('replicas: one cycle per interval, no order twice, survives SIGKILL', () => {
  let redis: RedisServer;
  let admin: Redis;
  let replicas: ApiProcess[] = [];

  const completedCycles = () => admin.zcard('{ffe}:trading-cycle:completed');

  async function ledger(): Promise<{ event: string; position: Position }[]> {
    const entries = await admin.xrange(LEDGER, '-', '+');
    return entries.map(([, f]) => {
      const fields = Object.fromEntries(f.flatMap((_, i) => (i % 2 ? [] : [[f[i], f[i + 1]]])));
      return { event: fields.event, position: JSON.parse(fields.position) as Position };
    });
  }

  async function decisions() {
    const entries = await admin.xrange('ffe:decisions', '-', '+');
    return entries.map(
      ([, f]) =>
        JSON.parse((f as string[])[1]) as Recorded & {
          id: string;
          assetPair: string;
          createdAt: number;
        },
    );
  }

  /** The invariants that must hold whatever crashed: nothing doubled, nothing lost. */
  async function assertConsistent() {
    const events = await ledger();
    const opens = events.filter((e) => e.event === 'open');
    const closes = events.filter((e) => e.event === 'close');
    // One position per pair per cycle time at most, and each opened once.
    const openKeys = opens.map((e) => `${e.position.assetPair}@${e.position.openedAt}`);
    expect(new Set(openKeys).size).toBe(openKeys.length);
    expect(new Set(opens.map((e) => e.position.id)).size).toBe(opens.length);
    expect(new Set(closes.map((e) => e.position.id)).size).toBe(closes.length);
    // The open set is exactly the opened-but-not-closed ones: no position lost.
    const closedIds = new Set(closes.map((e) => e.position.id));
    const stillOpen = opens.filter((e) => !closedIds.has(e.position.id)).map((e) => e.position.id);
    expect((await admin.smembers('ffe:{paper}:open')).sort()).toEqual(stillOpen.sort());
    // Cash is exactly what the ledger's fills imply.
    let cash = 10_000;
    for (const { event, position: p } of events) {
      if (event === 'open') cash -= p.entryPrice * p.size + p.entryFee;
      else cash += p.entryPrice * p.size + p.realizedPnl! + p.entryFee;
    }
    const stored = Number(await admin.hget('ffe:{paper}:account', 'cash'));
    expect(Math.round(stored * 100)).toBe(Math.round(cash * 100));
    // Every decision recorded once, one per pair per cycle time.
    const recorded = await decisions();
    const keys = recorded.map((d) => `${d.assetPair}@${d.createdAt}`);
    expect(new Set(keys).size).toBe(keys.length);
    return { opens: opens.length, decisions: recorded.length };
  }

  beforeAll(async () => {
    redis = await RedisServer.start();
    admin = new Redis(redis.url);
    const env = tradingEnv(redis.url, { ENSEMBLE_QUORUM: '1' });
    replicas = await Promise.all([ApiProcess.start(env), ApiProcess.start(env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.kill('SIGTERM')));
    admin.disconnect();
    await redis.stop();
  });

  it('runs one cycle per interval across two replicas, and never places an order twice', async () => {
    const [a, b] = replicas;
    expect(
      (
        await a.fetch('/api/v1/bot/config', {
          method: 'PATCH',
          body: JSON.stringify({ confidence_threshold: 0, max_concurrent_trades: 6 }),
        })
      ).status,
    ).toBe(200);
    const start = await b.fetch('/api/v1/bot/start', {
      method: 'POST',
      body: JSON.stringify({
        asset_pairs: PAIRS,
        autonomous: true,
        take_profit: 0.0005,
        stop_loss: 0.0005,
      }),
    });
    expect(start.status).toBe(200);
    const before = await completedCycles();
    await waitFor(async () => (await completedCycles()) >= before + 6, {
      what: 'six cycles',
      timeoutMs: 30_000,
    });
    const { opens } = await assertConsistent();
    expect(opens).toBeGreaterThan(0);
    // One cycle per interval: each cycle runs at its iteration's due time on the scheduler's
    // grid, so consecutive cycle times are whole intervals apart (more than one only if an
    // iteration was skipped) — a second replica running its own cycle would break the grid.
    const times = [...new Set((await decisions()).map((d) => d.createdAt))].sort((x, y) => x - y);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps.length).toBeGreaterThanOrEqual(4);
    expect(gaps.filter((gap) => gap <= 0 || gap % 1_000 !== 0)).toEqual([]);
    const span = times[times.length - 1] - times[0];
    expect(times.length - 1).toBeLessThanOrEqual(Math.round(span / 1_000) + 1);
    const perTime = new Map<number, number>();
    for (const d of await decisions())
      perTime.set(d.createdAt, (perTime.get(d.createdAt) ?? 0) + 1);
    expect([...perTime.values()].every((n) => n <= PAIRS.length)).toBe(true);
  }, 60_000);

  it('after SIGKILL of both replicas mid-cycle and a restart, nothing is lost or doubled', async () => {
    // Catch a cycle while it runs: its job sits in the active list.
    await waitFor(async () => (await admin.llen('{ffe}:trading-cycle:active')) > 0, {
      what: 'a cycle in flight',
      timeoutMs: 20_000,
      intervalMs: 1,
    });
    await Promise.all(replicas.map((r) => r.kill('SIGKILL')));
    const stalled = await admin.lrange('{ffe}:trading-cycle:active', 0, -1);
    await assertConsistent();

    await replicas[0].spawn();
    // The stalled job is retried (same id, same time) or given up; either way it leaves active.
    await waitFor(
      async () => {
        const active = await admin.lrange('{ffe}:trading-cycle:active', 0, -1);
        return stalled.every((id) => !active.includes(id));
      },
      { what: 'the stalled cycle to be recovered', timeoutMs: 40_000, intervalMs: 200 },
    );
    const before = await completedCycles();
    await waitFor(async () => (await completedCycles()) >= before + 3, {
      what: 'three more cycles after the restart',
      timeoutMs: 20_000,
    });
    await assertConsistent();
    const status = (await (await replicas[0].fetch('/api/v1/bot/status')).json()) as {
      state: string;
    };
    expect(status.state).toBe('running');
  }, 120_000);
});
