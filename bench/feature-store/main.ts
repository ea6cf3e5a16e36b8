/**
 * Feature-store benchmark (`npm run bench`): one process, its own redis-server, the payload
 * sizes of the trading cycle (500 × 6 candles in, a 500 × 13 feature frame out). The floor is a
 * raw ioredis GET of the same bytes on the same connection, run interleaved with the L2 hit.
 */
import 'reflect-metadata';
import { freezeFrame, syntheticCandles } from '@ffe/feature-store';
import { RedisServer } from '@ffe/testing';
import Redis from 'ioredis';
import { summarize } from '../lib/measure';
import { report, type Row } from '../lib/report';
import { l1Hit, l2Hit, metricsCost, missAndCompute, scrape, waiterOverhead } from './cases';

const QUICK = process.env.BENCH_QUICK === '1';
const scale = (n: number) => (QUICK ? Math.ceil(n / 10) : n);

async function connect(url: string): Promise<Redis> {
  // As the app's state connection: no offline queue.
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  await new Promise((resolve) => client.once('ready', resolve));
  return client;
}

async function main(): Promise<void> {
  const server = await RedisServer.start();
  const redis = await connect(server.url);
  const peer = await connect(server.url);
  try {
    const unfrozen = syntheticCandles('BTCUSD', 500, 1);
    const frozen = freezeFrame(syntheticCandles('BTCUSD', 500, 1));

    const l2Frozen = await l2Hit(redis, frozen, scale(10_000));
    const l2Hashed = await l2Hit(redis, unfrozen, scale(10_000));
    const floor = summarize([...l2Frozen.floor, ...l2Hashed.floor]);
    const l1Frozen = summarize(await l1Hit(redis, frozen, scale(100_000)));
    const l1Hashed = summarize(await l1Hit(redis, unfrozen, scale(20_000)));
    const { miss, alone } = await missAndCompute(redis, scale(1_000));
    const metrics = metricsCost(scale(2_000_000));
    const waiter = summarize(await waiterOverhead(redis, peer, scale(300)));
    const scrapes = await scrape(scale(300));

    const l2 = summarize(l2Frozen.hit);
    const metricsRow = summarize(metrics.prom.map((us, i) => us - metrics.noop[i]));
    const scrapeRow = summarize(scrapes.samples);
    const rows: Row[] = [
      { name: `raw ioredis GET, ${l2Frozen.bytes} B (floor)`, summary: floor },
      {
        name: 'L2 hit (frozen frame)',
        summary: l2,
        target: {
          text: 'p50 ≤ 1.3× floor, p99 ≤ 0.5 ms',
          met: l2.p50 <= 1.3 * floor.p50 && l2.p99 <= 500,
        },
      },
      { name: 'L2 hit (unfrozen frame: hashed per call)', summary: summarize(l2Hashed.hit) },
      {
        name: 'L1 hit (frozen frame)',
        summary: l1Frozen,
        target: { text: 'p50 ≤ 5 µs', met: l1Frozen.p50 <= 5 },
      },
      { name: 'L1 hit (unfrozen frame: hashed per call)', summary: l1Hashed },
      { name: 'miss + compute (cold key)', summary: summarize(miss) },
      { name: 'compute alone (same frames)', summary: summarize(alone) },
      {
        name: 'metrics per op (hit + read histogram)',
        summary: metricsRow,
        target: { text: 'mean ≤ 1 µs', met: metricsRow.mean <= 1 },
      },
      {
        name: 'single-flight waiter overhead',
        summary: waiter,
        target: { text: 'p50 ≤ 1 ms', met: waiter.p50 <= 1_000 },
      },
      {
        name: `/metrics scrape, 500 symbols (${scrapes.bytes} B)`,
        summary: scrapeRow,
        target: { text: 'p95 ≤ 3 ms', met: scrapeRow.p95 <= 3_000 },
      },
    ];
    report('feature-store', floor, rows, {
      quick: QUICK,
      missOverhead: summarize(miss.map((us, i) => us - alone[i])),
      l2HashedFloorRatio: summarize(l2Hashed.hit).p50 / floor.p50,
    });
  } finally {
    redis.disconnect();
    peer.disconnect();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
