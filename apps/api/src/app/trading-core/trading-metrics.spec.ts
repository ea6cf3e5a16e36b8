import { MetricNames } from '@ffe/contracts';
import { SimulatedMarketData } from '@ffe/market-data';
import { freePort, RedisServer, waitFor } from '@ffe/testing';
import Redis from 'ioredis';
import { register, type MetricValueWithName } from 'prom-client';
import { loadConfig } from '../../config/app-config';
import { BotStateStore } from '../../services/bot-state/bot-state.store';
import { TradingMetrics } from './trading-metrics';

/** What a scrape of the process registry shows for one family (its collect hook runs first). */
async function scrape(name: string): Promise<MetricValueWithName<string>[]> {
  const metric = register.getSingleMetric(name);
  if (!metric) throw new Error(`${name} is not registered`);
  return (await metric.get()).values as MetricValueWithName<string>[];
}

describe('TradingMetrics (prom-client registry, bot state in a real Redis)', () => {
  let redis: RedisServer;
  let client: Redis;
  let bot: BotStateStore;
  let metrics: TradingMetrics;
  const market = new SimulatedMarketData({ seed: 1 });
  const testConfig = () =>
    loadConfig({ NODE_ENV: 'test', FFE_API_KEY: 'k'.repeat(24), REDIS_URL: redis.url });

  beforeAll(async () => {
    redis = await RedisServer.start();
    client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    bot = new BotStateStore(client);
  });

  beforeEach(async () => {
    await client.flushdb();
    metrics = new TradingMetrics(testConfig(), market, bot);
  });

  afterEach(() => register.clear());

  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  const confidence = () => scrape(MetricNames.decisionConfidence);
  const latencyCount = async (provider: string) =>
    (await scrape(MetricNames.decisionLatencySeconds)).find(
      (v) =>
        v.metricName === `${MetricNames.decisionLatencySeconds}_count` &&
        v.labels.provider === provider,
    )?.value ?? 0;
  const bucket = async (provider: string, le: number) =>
    (await scrape(MetricNames.decisionLatencySeconds)).find(
      (v) =>
        v.metricName === `${MetricNames.decisionLatencySeconds}_bucket` &&
        v.labels.provider === provider &&
        v.labels.le === le,
    )?.value ?? 0;

  describe('ffe_decision_confidence', () => {
    it('holds one series per pair: a new action replaces the old one', async () => {
      metrics.decisionConfidence('BTCUSD', 'BUY', 0.9, 1_000);
      metrics.decisionConfidence('ETHUSD', 'HOLD', 0.5, 1_000);
      metrics.decisionConfidence('BTCUSD', 'SELL', 0.3, 2_000);

      expect(await confidence()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ labels: { asset_pair: 'BTCUSD', action: 'SELL' }, value: 0.3 }),
          expect.objectContaining({ labels: { asset_pair: 'ETHUSD', action: 'HOLD' }, value: 0.5 }),
        ]),
      );
      expect(await confidence()).toHaveLength(2);
    });

    it('drops the pairs the latest cycle did not decide here, keeps the ones it did and newer ones', async () => {
      metrics.decisionConfidence('SOLUSD', 'BUY', 0.2, 1_000); // a pair the bot no longer trades
      metrics.decisionConfidence('ETHUSD', 'SELL', 0.4, 1_000); // decided here, then on another replica
      metrics.decisionConfidence('BTCUSD', 'BUY', 0.8, 5_000); // decided here by the latest cycle
      metrics.decisionConfidence('EURUSD', 'HOLD', 0.6, 6_000); // asked for through the API since
      await bot.publish({ portfolioValue: 10_000, activePositions: 0, lastDecisionAt: 5_000 });

      const pairs = (await confidence()).map((v) => v.labels.asset_pair).sort();
      expect(pairs).toEqual(['BTCUSD', 'EURUSD']);
    });

    it('keeps every series while no cycle has decided yet', async () => {
      metrics.decisionConfidence('BTCUSD', 'BUY', 0.8, 1_000);
      await bot.publish({ portfolioValue: 10_000, activePositions: 0 });
      expect(await confidence()).toHaveLength(1);
    });

    it('keeps every series while Redis cannot tell which cycle was the latest', async () => {
      await bot.publish({ portfolioValue: 10_000, activePositions: 0, lastDecisionAt: 9_000 });
      const nowhere = new Redis(`redis://127.0.0.1:${await freePort()}`, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
      });
      register.clear();
      const blind = new TradingMetrics(testConfig(), market, new BotStateStore(nowhere));
      blind.decisionConfidence('BTCUSD', 'BUY', 0.8, 1_000);
      expect(await confidence()).toHaveLength(1);
      // The same decision, once Redis answers, is superseded by that cycle.
      register.clear();
      const seeing = new TradingMetrics(testConfig(), market, bot);
      seeing.decisionConfidence('BTCUSD', 'BUY', 0.8, 1_000);
      expect(await confidence()).toHaveLength(0);
      nowhere.disconnect();
    });
  });

  describe('shared-state gauges (read from Redis at scrape time)', () => {
    const value = async (name: string) => (await scrape(name)).map((v) => [v.labels, v.value]);

    it('serve what the cycle published, and keep the last value read while Redis is gone', async () => {
      const own = await RedisServer.start();
      const ownClient = new Redis(own.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false });
      try {
        await waitFor(() => ownClient.status === 'ready', { what: 'the client to connect' });
        register.clear();
        new TradingMetrics(testConfig(), market, new BotStateStore(ownClient));
        await new BotStateStore(ownClient).publish({ portfolioValue: 9_400, activePositions: 6 });
        expect(await value(MetricNames.portfolioValueDollars)).toEqual([
          [{ platform: 'paper' }, 9_400],
        ]);
        expect(await value(MetricNames.activeTradesTotal)).toEqual([[{ platform: 'paper' }, 6]]);

        await own.kill();
        await waitFor(() => ownClient.status !== 'ready', { what: 'the client to see Redis gone' });
        // Not the opening balance, not 0 open trades: nothing new is known.
        expect(await value(MetricNames.portfolioValueDollars)).toEqual([
          [{ platform: 'paper' }, 9_400],
        ]);
        expect(await value(MetricNames.activeTradesTotal)).toEqual([[{ platform: 'paper' }, 6]]);
      } finally {
        ownClient.disconnect();
        await own.stop();
      }
    });

    it('report the paper account at its opening balance before any cycle, a venue account not at all', async () => {
      const opening = testConfig().trading.paper.initialBalance;
      expect(await value(MetricNames.portfolioValueDollars)).toEqual([
        [{ platform: 'paper' }, opening],
      ]);
      register.clear();
      const paper = testConfig();
      new TradingMetrics(
        { ...paper, trading: { ...paper.trading, platform: 'coinbase' } },
        market,
        bot,
      );
      expect(await value(MetricNames.portfolioValueDollars)).toEqual([]);
      expect(await value(MetricNames.activeTradesTotal)).toEqual([[{ platform: 'coinbase' }, 0]]);
    });
  });

  describe('ffe_decision_latency_seconds', () => {
    it('observes failed and timed-out calls for the time they took, not calls a breaker rejected', async () => {
      metrics.registerProvider('llm');
      metrics.request({ provider: 'llm', assetPair: 'BTCUSD', status: 'success', seconds: 0.2 });
      metrics.request({ provider: 'llm', assetPair: 'BTCUSD', status: 'timeout', seconds: 12 });
      metrics.request({ provider: 'llm', assetPair: 'BTCUSD', status: 'failure', seconds: 3 });
      metrics.request({ provider: 'llm', assetPair: 'BTCUSD', status: 'rejected', seconds: 0 });

      expect(await latencyCount('llm')).toBe(3);
      // The timeout lies beyond 10 s, the bound HighDecisionLatency watches.
      expect(await bucket('llm', 10)).toBe(2);
      expect(await bucket('llm', 30)).toBe(3);
      const requests = (await scrape(MetricNames.providerRequestsTotal)).filter(
        (v) => v.labels.provider === 'llm',
      );
      expect(requests.reduce((sum, v) => sum + v.value, 0)).toBe(4);
    });

    it('keeps the labels of the design: provider and asset_pair, unknown pairs folded', async () => {
      metrics.request({ provider: 'sma', assetPair: 'NOPEUSD', status: 'failure', seconds: 1 });
      const labels = (await scrape(MetricNames.decisionLatencySeconds))
        .filter((v) => v.metricName === `${MetricNames.decisionLatencySeconds}_count`)
        .map((v) => v.labels);
      expect(labels).toEqual([{ provider: 'sma', asset_pair: '_other' }]);
    });
  });

  describe('ffe_position_exits_total', () => {
    it('counts closes by the bounded reason: the emergency stop is `emergency`, unknown ones `other`', async () => {
      metrics.tradeClosed('BTCUSD', 1, 'stop_loss');
      metrics.tradeClosed('BTCUSD', -1, 'emergency_stop');
      metrics.tradeClosed('BTCUSD', 2, 'manual');
      metrics.tradeClosed('BTCUSD', 0, 'some_future_reason');
      const exits = Object.fromEntries(
        (await scrape(MetricNames.positionExitsTotal)).map((v) => [v.labels.reason, v.value]),
      );
      expect(exits).toEqual({
        stop_loss: 1,
        take_profit: 0,
        signal_reversal: 0,
        emergency: 1,
        manual: 1,
        other: 1,
      });
    });
  });
});
