import {
  emergencyStoppedError,
  type BotConfig,
  type BotState,
  type Decision,
  type MarketDataProvider,
  type OrderRequest,
  type TradingPlatform,
} from '@ffe/domain';
import type { AppConfig } from '../../config/app-config';
import type { BotSnapshot, BotStateStore } from '../../services/bot-state/bot-state.store';
import type { DecisionEngine } from '../trading-core/decision-engine.service';
import type { DecisionLog } from '../trading-core/decision-log.repository';
import type { MarketPrices } from '../trading-core/market-prices.service';
import type { PositionCloser } from '../trading-core/position-closer.service';
import type { TradingMetrics } from '../trading-core/trading-metrics';
import { TradingCycleService } from './trading-cycle.service';

const PAIRS = ['BTCUSD', 'ETHUSD', 'SOLUSD'];
const CONFIG: BotConfig = {
  asset_pairs: PAIRS,
  autonomous: true,
  take_profit: 0.05,
  stop_loss: 0.02,
  dry_run: false,
  stop_loss_pct: 50,
  position_size_pct: 10,
  confidence_threshold: 0,
  max_concurrent_trades: 5,
};

/**
 * A cycle over three pairs that all say BUY, with hand-made collaborators. `stopWhen` says at
 * which step a stop lands, by changing the state the bot store answers from then on.
 */
function cycleWith(options: {
  stopWhen?: 'order_filled' | 'risk_assessed';
  stopTo?: BotState;
  refuseAtBoundary?: boolean;
}) {
  let state: BotState = 'running';
  const stopTo = options.stopTo ?? 'emergency_stopped';
  const orders: OrderRequest[] = [];
  const recorded: Decision[] = [];
  const bot = {
    read: async (): Promise<BotSnapshot> => ({ state, config: CONFIG, version: 1 }),
    raisePeak: async (value: number) => value,
    enterCycle: async (at: number) => ({ entered: true, fence: at }),
    publish: async () => undefined,
    update: async () => undefined,
  };
  const platform: Partial<TradingPlatform> = {
    openPositions: async () => [],
    balances: async () => {
      if (options.stopWhen === 'risk_assessed') state = stopTo;
      return { cash: 10_000, portfolioValue: 10_000, realizedPnl: 0, unrealizedPnl: 0 };
    },
    matchPendingOrders: async () => [],
    orderByKey: async () => undefined,
    placeOrder: async ({ order }) => {
      if (options.refuseAtBoundary) throw emergencyStoppedError();
      orders.push(order);
      if (options.stopWhen === 'order_filled') state = stopTo;
      return { orderId: `o${orders.length}`, status: 'filled', replayed: false };
    },
  };
  const engine = {
    decide: async ({ pair, at }: { pair: string; at: number }): Promise<Decision> => ({
      id: `dec_${pair}`,
      assetPair: pair,
      action: 'BUY',
      confidence: 1,
      reasoning: 'test',
      provider: 'ensemble',
      createdAt: at,
      price: 100,
      outcome: 'hold',
    }),
  };
  const service = new TradingCycleService(
    bot as unknown as BotStateStore,
    platform as TradingPlatform,
    { pairs: () => PAIRS } as unknown as MarketDataProvider,
    { trading: { maxDrawdownPct: 20 } } as unknown as AppConfig,
    {
      prices: async (pairs: string[]) => Object.fromEntries(pairs.map((p) => [p, 100])),
    } as unknown as MarketPrices,
    engine as unknown as DecisionEngine,
    { record: async (d: Decision) => recorded.push(d) > 0 } as unknown as DecisionLog,
    {} as PositionCloser,
    { killSwitchTripped: () => undefined } as unknown as TradingMetrics,
  );
  const run = () => service.run({ cycleId: 'job-1', at: 1_000 });
  return { run, orders, recorded };
}

const outcomes = (recorded: Decision[]) => recorded.map((d) => `${d.assetPair}:${d.outcome}`);

describe('TradingCycleService: a stop landing mid-cycle', () => {
  it('enters on every pair while the bot keeps running', async () => {
    const { run, orders, recorded } = cycleWith({});
    expect(await run()).toMatchObject({ decisions: 3, opened: 3, halted: 0 });
    expect(orders).toHaveLength(3);
    expect(outcomes(recorded)).toEqual(['BTCUSD:executed', 'ETHUSD:executed', 'SOLUSD:executed']);
  });

  it('records the decisions after an emergency stop as halted, and orders nothing more', async () => {
    const { run, orders, recorded } = cycleWith({ stopWhen: 'order_filled' });
    expect(await run()).toMatchObject({ decisions: 3, opened: 1, halted: 2 });
    expect(orders.map((o) => o.assetPair)).toEqual(['BTCUSD']);
    expect(outcomes(recorded)).toEqual(['BTCUSD:executed', 'ETHUSD:halted', 'SOLUSD:halted']);
    expect(recorded[1].note).toMatch(/emergency_stopped/);
  });

  it('looks again right before the order leaves: a stop during the risk check holds it', async () => {
    const { run, orders, recorded } = cycleWith({ stopWhen: 'risk_assessed', stopTo: 'stopping' });
    expect(await run()).toMatchObject({ decisions: 3, opened: 0, halted: 3 });
    expect(orders).toEqual([]);
    expect(outcomes(recorded)).toEqual(['BTCUSD:halted', 'ETHUSD:halted', 'SOLUSD:halted']);
    expect(recorded[0].note).toMatch(/stopping/);
  });

  it('records an order the platform boundary refused as halted instead of failing the cycle', async () => {
    const { run, orders, recorded } = cycleWith({ refuseAtBoundary: true });
    expect(await run()).toMatchObject({ decisions: 3, opened: 0, halted: 3 });
    expect(orders).toEqual([]);
    expect(outcomes(recorded)).toEqual(['BTCUSD:halted', 'ETHUSD:halted', 'SOLUSD:halted']);
  });
});
