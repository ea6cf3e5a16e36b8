import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TradingPlatform } from '@ffe/domain';
import { RedisServer } from '@ffe/testing';
import Redis from 'ioredis';
import { DecisionLog } from '../src/app/trading-core/decision-log.repository';
import { TradingCycleService } from '../src/app/trading-cycle/trading-cycle.service';
import { BotStateStore } from '../src/services/bot-state/bot-state.store';
import { TRADING_PLATFORM } from '../src/services/trading-platform/trading-platform.tokens';
import { holdScheduledCycles } from './support/driven-cycle';
import { startTestApp, testConfig } from './support/test-app';
import { signalTime } from './support/signal-times';
import { api, tradingEnv } from './support/trading-env';

/** One scheduled cycle at boot, then none for an hour: the test runs the cycle itself. */
const DRIVEN = { DECISION_INTERVAL_SECONDS: '3600' };
const POSITIONS = 'ffe:{paper}:positions';
const CYCLE_ID = 'repeat:trading-cycle:retry';
/** The simulated ensemble's confidence rarely passes 0.5: a threshold it reaches often. */
const THRESHOLD = 0.4;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Every call after which a cycle has changed something outside itself. */
const SIDE_EFFECTS = {
  platform: ['closePosition', 'placeOrder', 'matchPendingOrders', 'cancelPendingOrders'],
  log: ['record'],
  bot: ['enterCycle', 'publish', 'update', 'raisePeak'],
} as const;

class Crash extends Error {}

/**
 * Wraps each side effect so that the real call runs and, when armed for the n-th one, the
 * cycle then dies as a killed worker would: after the effect, before anything it did next.
 */
function instrument(targets: Record<keyof typeof SIDE_EFFECTS, object>) {
  const calls: string[] = [];
  let crashAfter = 0;
  for (const [target, methods] of Object.entries(SIDE_EFFECTS)) {
    const object = targets[target as keyof typeof SIDE_EFFECTS] as Record<string, unknown>;
    for (const method of methods) {
      const real = (object[method] as (...args: unknown[]) => Promise<unknown>).bind(object);
      object[method] = async (...args: unknown[]) => {
        const result = await real(...args);
        calls.push(`${target}.${method}`);
        if (calls.length === crashAfter) throw new Crash(`crash after ${target}.${method}`);
        return result;
      };
    }
  }
  return {
    calls,
    arm(n: number) {
      calls.length = 0;
      crashAfter = n;
    },
  };
}

/** Every application state key (not BullMQ's, not the feature cache), to put back later. */
async function saveState(admin: Redis) {
  const keys = await admin.keys('ffe:*');
  return Promise.all(
    keys.map(async (key) => ({
      key,
      dump: (await admin.dumpBuffer(key)) as Buffer,
      ttl: await admin.pttl(key),
    })),
  );
}

async function restoreState(admin: Redis, saved: Awaited<ReturnType<typeof saveState>>) {
  const now = await admin.keys('ffe:*');
  if (now.length > 0) await admin.del(...now);
  for (const { key, dump, ttl } of saved) await admin.restore(key, ttl > 0 ? ttl : 0, dump);
}

/** The books, with the random ids a fill draws replaced: what two equal runs must share. */
async function books(admin: Redis) {
  const plain = (value: unknown) => JSON.parse(JSON.stringify(value).replace(UUID, 'ID'));
  const stream = async (key: string) =>
    (await admin.xrange(key, '-', '+')).map(([, fields]) => plain(fields));
  const bot = await admin.hgetall('ffe:bot');
  return {
    account: await admin.hgetall('ffe:{paper}:account'),
    positions: (
      plain(Object.values(await admin.hgetall('ffe:{paper}:positions'))) as string[]
    ).sort(),
    open: await admin.scard('ffe:{paper}:open'),
    orders: (plain(Object.entries(await admin.hgetall('ffe:{paper}:orders'))) as string[][])
      .map((entry) => entry.join(' '))
      .sort(),
    ledger: await stream('ffe:{paper}:ledger'),
    decisions: await stream('ffe:decisions'),
    bot: { ...bot, config: JSON.parse(bot.config) },
  };
}

describe('a retried cycle repeats nothing, whichever step it crashed after', () => {
  let redis: RedisServer;
  let admin: Redis;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    redis = await RedisServer.start();
    admin = new Redis(redis.url);
    app = await startTestApp(testConfig(tradingEnv(redis.url, DRIVEN)));
    await holdScheduledCycles(app, admin);
  });
  afterAll(async () => {
    await app?.close();
    admin.disconnect();
    await redis.stop();
  });

  it('closes on a reversal and enters elsewhere once, with a crash after any side effect', async () => {
    await api(app)
      .post('/api/v1/bot/start', { asset_pairs: ['BTCUSD', 'ETHUSD'], autonomous: true })
      .expect(200);
    await api(app).patch('/api/v1/bot/config', { confidence_threshold: THRESHOLD }).expect(200);
    const long = await api(app)
      .post('/api/v1/bot/manual-trade', { asset_pair: 'BTCUSD', action: 'BUY', size: 0.01 })
      .expect(201);
    // A SOLUSD long whose stop every price is past: the cycle's protective exit closes it.
    const guarded = await api(app)
      .post('/api/v1/bot/manual-trade', { asset_pair: 'SOLUSD', action: 'BUY', size: 1 })
      .expect(201);
    const stopped = { ...guarded.body.position, stopLoss: 1e12 };
    const raw = JSON.parse((await admin.hget(POSITIONS, stopped.id))!);
    await admin.hset(POSITIONS, stopped.id, JSON.stringify({ ...raw, stopLoss: 1e12 }));
    // BTCUSD's signal reverses the long; ETHUSD's enters.
    const at = await signalTime(
      app,
      { BTCUSD: 'SELL', ETHUSD: 'BUY' },
      { from: Date.now() + 5_000, threshold: THRESHOLD },
    );
    const saved = await saveState(admin);
    const cycle = app.get(TradingCycleService);
    const effects = instrument({
      platform: app.get<TradingPlatform>(TRADING_PLATFORM),
      log: app.get(DecisionLog),
      bot: app.get(BotStateStore),
    });
    const run = () => cycle.run({ cycleId: CYCLE_ID, at });

    effects.arm(0);
    const report = await run();
    const reference = await books(admin);
    const steps = [...effects.calls];
    // The run that never crashed: the long closed by the reversal, ETHUSD entered, no short.
    expect(report).toMatchObject({ closed: 2, opened: 1, decisions: 2 });
    expect(steps).toEqual(
      expect.arrayContaining(['platform.closePosition', 'platform.placeOrder']),
    );
    expect(reference.open).toBe(1);
    const position = async (id: string) => JSON.parse((await admin.hget(POSITIONS, id))!);
    expect(await position(long.body.position.id)).toMatchObject({
      status: 'closed',
      closeReason: 'signal_reversal',
    });
    expect(await position(stopped.id)).toMatchObject({
      status: 'closed',
      closeReason: 'stop_loss',
    });

    for (let n = 1; n <= steps.length; n++) {
      await restoreState(admin, saved);
      effects.arm(n);
      // Code that catches the crash and goes on is a retry too: its books must match as well.
      await run().catch((error: unknown) => {
        if (!(error instanceof Crash)) throw error;
      });
      effects.arm(0);
      await run();
      expect({ crashAfter: steps[n - 1], books: await books(admin) }).toEqual({
        crashAfter: steps[n - 1],
        books: reference,
      });
    }
    // The figure the issue asks for: how many step boundaries a retry was tested at.
    process.stdout.write(`cycle retry: ${steps.length} step boundaries: ${steps.join(', ')}\n`);
  });
});
