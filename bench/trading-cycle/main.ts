/**
 * Trading-cycle benchmark (`npm run bench -- trading-cycle`): one cycle over 50 pairs with a
 * warm feature cache, on the real parts — simulated market, Redis feature store (L1 + L2),
 * the four technical providers behind breakers and the ensemble, the domain risk rules, and
 * the paper platform on its own redis-server — and each stage's share of the cycle. The
 * baseline beside it is the same cycle with a cold cache (every indicator computed).
 */
import 'reflect-metadata';
import {
  assessEntry,
  exitTrigger,
  protectiveLevels,
  sideFor,
  type BotConfig,
  type CandleFrame,
  type FeatureStore,
} from '@ffe/domain';
import { RedisFeatureStore } from '@ffe/feature-store';
import { DEFAULT_PAIR_PROFILES, SimulatedMarketData } from '@ffe/market-data';
import { PaperTradingPlatform } from '@ffe/platforms';
import {
  CircuitBreakerDecisionProvider,
  DEFAULT_BREAKER_OPTIONS,
  EnsembleDecisionProvider,
  indicatorsFor,
  MaCrossoverDecisionProvider,
  MacdMomentumDecisionProvider,
  noopDecisionObserver,
  RsiMeanReversionDecisionProvider,
} from '@ffe/strategies';
import { RedisServer } from '@ffe/testing';
import Redis from 'ioredis';
import { summarize } from '../lib/measure';
import { report, type Row } from '../lib/report';

const QUICK = process.env.BENCH_QUICK === '1';
const CYCLES = QUICK ? 20 : 200;
const PAIR_COUNT = 50;
const LOOKBACK = 100;
const STAGES = ['candles', 'features', 'decisions', 'exits', 'risk+orders'] as const;
type Stage = (typeof STAGES)[number];

const extraPairs = Array.from(
  { length: PAIR_COUNT - Object.keys(DEFAULT_PAIR_PROFILES).length },
  (_, i) => `SIM${String(i).padStart(2, '0')}USD`,
);
const config: BotConfig = {
  asset_pairs: [],
  autonomous: true,
  take_profit: 0.05,
  stop_loss: 0.02,
  dry_run: false,
  stop_loss_pct: 2,
  position_size_pct: 1,
  confidence_threshold: 0.6,
  max_concurrent_trades: 5,
};

function ensembleOver(store: FeatureStore) {
  const providers = [
    new MaCrossoverDecisionProvider(store, 'sma'),
    new MaCrossoverDecisionProvider(store, 'ema'),
    new RsiMeanReversionDecisionProvider(store),
    new MacdMomentumDecisionProvider(store),
  ].map(
    (p) => new CircuitBreakerDecisionProvider(p, DEFAULT_BREAKER_OPTIONS, noopDecisionObserver),
  );
  return {
    ensemble: new EnsembleDecisionProvider(providers, { weights: {}, quorum: 2 }),
    shutdown: () => providers.forEach((p) => p.shutdown()),
  };
}

async function main(): Promise<void> {
  const server = await RedisServer.start();
  const redis = new Redis(server.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  await new Promise((resolve) => redis.once('ready', resolve));
  const market = new SimulatedMarketData({ seed: 42, extraPairs });
  const pairs = market.pairs();
  const store = new RedisFeatureStore({ redis, retentionMs: 3_600_000, l1MaxBytes: 64 << 20 });
  await store.start();
  const platform = new PaperTradingPlatform({
    redis,
    initialBalance: 1_000_000,
    feePct: 0.1,
    slippagePct: 0.05,
  });
  await platform.init();
  const warm = ensembleOver(store);
  // Cold baseline: a feature store that computes every time, as with no cache at all.
  const cold = ensembleOver({ getOrCompute: (_s, frame, cfg, compute) => compute(frame, cfg) });

  async function cycle(at: number, useCache: boolean, cycleId: number) {
    const times = {} as Record<Stage, number>;
    let mark = performance.now();
    const lap = (stage: Stage) => {
      const now = performance.now();
      times[stage] = now - mark;
      mark = now;
    };
    const frames: CandleFrame[] = await Promise.all(
      pairs.map((pair) => market.candles({ pair, timeframe: '1m', limit: LOOKBACK, until: at })),
    );
    const prices = Object.fromEntries(frames.map((f) => [f.symbol, f.candles[LOOKBACK - 1].close]));
    lap('candles');
    if (useCache) await Promise.all(frames.map((frame) => indicatorsFor(store, frame)));
    lap('features');
    const { ensemble } = useCache ? warm : cold;
    const decisions = await Promise.all(frames.map((frame) => ensemble.decide({ frame })));
    lap('decisions');
    const open = await platform.openPositions();
    for (const position of open) {
      if (exitTrigger(position, prices[position.assetPair])) {
        await platform.closePosition({
          positionId: position.id,
          price: prices[position.assetPair],
          reason: 'exit',
          at,
        });
      }
    }
    lap('exits');
    const balances = await platform.balances({ prices });
    let openCount = (await platform.openPositions()).length;
    for (let i = 0; i < decisions.length; i++) {
      const verdict = assessEntry(decisions[i], {
        config,
        portfolioValue: balances.portfolioValue,
        cash: balances.cash,
        openPositions: openCount,
        hasPositionOnPair: open.some((p) => p.assetPair === pairs[i]),
        price: prices[pairs[i]],
        supportsShorts: platform.supportsShorts,
      });
      if (!verdict.approved || decisions[i].action === 'HOLD') continue;
      const side = decisions[i].action as 'BUY' | 'SELL';
      const levels = protectiveLevels(
        sideFor(side),
        prices[pairs[i]],
        config.stop_loss,
        config.take_profit,
      );
      await platform.placeOrder({
        order: {
          idempotencyKey: `bench:${cycleId}:${pairs[i]}`,
          assetPair: pairs[i],
          side,
          size: verdict.size,
          marketPrice: prices[pairs[i]],
          ...levels,
          at,
        },
      });
      openCount++;
    }
    lap('risk+orders');
    return times;
  }

  try {
    const base = Date.UTC(2026, 0, 5, 12, 0, 0);
    const at = (i: number) => base + (i % 20) * 60_000; // 20 distinct bars, each cached once
    for (let i = 0; i < 20; i++) await cycle(at(i), true, -1 - i); // warm the cache and the JIT
    const warmRuns: Record<Stage, number>[] = [];
    const coldRuns: Record<Stage, number>[] = [];
    for (let i = 0; i < CYCLES; i++) {
      warmRuns.push(await cycle(at(i), true, i));
      coldRuns.push(await cycle(at(i), false, CYCLES + i));
    }
    const totalUs = (runs: Record<Stage, number>[]) =>
      runs.map((r) => STAGES.reduce((sum, s) => sum + r[s], 0) * 1_000);
    const warmTotal = summarize(totalUs(warmRuns));
    const coldTotal = summarize(totalUs(coldRuns));
    const shares = Object.fromEntries(
      STAGES.map((stage) => {
        const mean = warmRuns.reduce((sum, r) => sum + r[stage], 0) / warmRuns.length;
        return [stage, { mean_ms: mean, share: mean / (warmTotal.mean / 1_000) }];
      }),
    );
    const rows: Row[] = [
      { name: `cycle, ${pairs.length} pairs, cold cache (baseline)`, summary: coldTotal },
      {
        name: `cycle, ${pairs.length} pairs, warm cache`,
        summary: warmTotal,
        target: { text: 'p50 ≤ 50 ms', met: warmTotal.p50 <= 50_000 },
      },
      ...STAGES.map((stage) => ({
        name: `  stage ${stage} (${(shares[stage].share * 100).toFixed(1)} % of the warm cycle)`,
        summary: summarize(warmRuns.map((r) => r[stage] * 1_000)),
      })),
    ];
    report('trading-cycle', coldTotal, rows, { quick: QUICK, pairs: pairs.length, shares });
  } finally {
    warm.shutdown();
    cold.shutdown();
    await store.close();
    redis.disconnect();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
