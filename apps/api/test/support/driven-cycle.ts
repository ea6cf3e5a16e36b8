import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { QueueNames } from '@ffe/contracts';
import { SimulatedMarketData } from '@ffe/market-data';
import { RedisServer, waitFor } from '@ffe/testing';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { TradingCycleService } from '../../src/app/trading-cycle/trading-cycle.service';
import { startTestApp, testConfig } from './test-app';
import { tradingEnv } from './trading-env';

const SEED = 7;
/** One scheduled cycle at boot, then the tests run each cycle themselves. */
const DRIVEN = { SIMULATED_MARKET_SEED: String(SEED), DECISION_INTERVAL_SECONDS: '3600' };
const COMPLETED_CYCLES = '{ffe}:trading-cycle:completed';

const market = new SimulatedMarketData({ seed: SEED });

/** The close a cycle at `at` prices the pair at: the last 1 s bar closed before `at`. */
export function priceAt(pair: string, at: number): number {
  return market.candlesSync({ pair, timeframe: '1s', limit: 1, until: at }).candles[0].close;
}

/** The first cycle time after `from` at which the pair's price is at or below `level`. */
export function firstCycleAtOrBelow(pair: string, level: number, from: number): number {
  const window = 600;
  for (let until = from + window * 1_000; until < from + 86_400_000; until += window * 1_000) {
    const { candles } = market.candlesSync({ pair, timeframe: '1s', limit: window, until });
    const bar = candles.find((c) => c.timestamp >= from && c.close <= level);
    if (bar) return bar.timestamp + 1_000;
  }
  throw new Error(`${pair} never reaches ${level} within a day of the simulated market`);
}

export interface DrivenApp {
  app: NestFastifyApplication;
  redis: RedisServer;
  admin: Redis;
  runCycle: (at?: number) => ReturnType<TradingCycleService['run']>;
  close: () => Promise<void>;
}

/**
 * Waits for the cycle a new schedule runs at boot, then pauses the trading-cycle queue: cycles
 * sit on an epoch-aligned grid, so the next scheduled one (at the top of the hour with a 3600 s
 * interval) could otherwise run beside the test's own and raise the fence past their times.
 */
export async function holdScheduledCycles(app: NestFastifyApplication, admin: Redis) {
  await waitFor(async () => (await admin.zcard(COMPLETED_CYCLES)) >= 1, {
    what: 'the scheduled cycle at boot to complete',
    timeoutMs: 20_000,
  });
  await app.get<Queue>(getQueueToken(QueueNames.tradingCycle)).pause();
}

/** A running app on a Redis of its own whose trading cycles the test drives, with ids of its own. */
export async function drivenApp(env: Record<string, string> = {}): Promise<DrivenApp> {
  const redis = await RedisServer.start();
  const admin = new Redis(redis.url);
  const app = await startTestApp(testConfig(tradingEnv(redis.url, { ...DRIVEN, ...env })));
  await holdScheduledCycles(app, admin);
  let cycles = 0;
  const runCycle = (at = Date.now()) =>
    app.get(TradingCycleService).run({ cycleId: `driven-${++cycles}`, at });
  const close = async () => {
    await app.close();
    admin.disconnect();
    await redis.stop();
  };
  return { app, redis, admin, runCycle, close };
}
