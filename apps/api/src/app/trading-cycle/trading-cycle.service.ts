import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  assessEntry,
  closingSide,
  drawdownBreached,
  drawdownPct,
  exitTrigger,
  protectiveLevels,
  sideFor,
  type BotConfig,
  type Decision,
  type Position,
  type TradingPlatform,
} from '@ffe/domain';
import { BotStateStore } from '../../services/bot-state/bot-state.store';
import { TRADING_PLATFORM } from '../../services/trading-platform/trading-platform.tokens';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { DecisionEngine } from '../trading-core/decision-engine.service';
import { DecisionLog } from '../trading-core/decision-log.repository';
import { MarketPrices } from '../trading-core/market-prices.service';
import { PositionCloser } from '../trading-core/position-closer.service';

export interface CycleReport {
  cycleId: string;
  at: number;
  skipped?: string;
  decisions: number;
  opened: number;
  closed: number;
}

/**
 * One trading cycle at time `at`: exits first (stop-loss / take-profit, filled limit orders),
 * then a decision per pair, the risk rules, and orders when autonomous. Every id is derived
 * from `cycleId`, so a retried cycle (a crashed worker's job) repeats nothing: decisions are
 * recorded once and each order's idempotency key is its decision's id.
 */
@Injectable()
export class TradingCycleService {
  private readonly logger = new Logger(TradingCycleService.name);

  constructor(
    private readonly bot: BotStateStore,
    @Inject(TRADING_PLATFORM) private readonly platform: TradingPlatform,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prices: MarketPrices,
    private readonly engine: DecisionEngine,
    private readonly log: DecisionLog,
    private readonly closer: PositionCloser,
  ) {}

  async run({ cycleId, at }: { cycleId: string; at: number }): Promise<CycleReport> {
    const report: CycleReport = { cycleId, at, decisions: 0, opened: 0, closed: 0 };
    const snapshot = await this.bot.read();
    if (snapshot.state !== 'running') return { ...report, skipped: snapshot.state };
    const { config } = snapshot;
    const open = await this.platform.openPositions();
    const pairs = [...new Set([...config.asset_pairs, ...open.map((p) => p.assetPair)])];
    const prices = await this.prices.prices(pairs, at);

    report.closed += await this.protectiveExits(open, prices, at);
    report.opened += (await this.platform.matchPendingOrders({ prices, at })).length;

    const decisions = await Promise.all(
      config.asset_pairs.map((pair) =>
        this.engine.decide({ pair, at, idSeed: `${cycleId}:${pair}`, outcome: 'hold' }),
      ),
    );
    for (const decision of decisions) {
      // An emergency stop or a stop between two pairs halts new entries at once.
      const current = await this.bot.read();
      if (current.state !== 'running') break;
      const outcome = await this.act(decision, current.config, prices);
      report.opened += outcome.opened;
      report.closed += outcome.closed;
      await this.log.record(outcome.decision);
      report.decisions++;
    }
    await this.publish(prices, at, decisions.length > 0);
    return report;
  }

  /** Closes every position whose stop-loss or take-profit the price reached. */
  private async protectiveExits(open: Position[], prices: Record<string, number>, at: number) {
    let closed = 0;
    for (const position of open) {
      const trigger = exitTrigger(position, prices[position.assetPair]);
      if (!trigger) continue;
      try {
        await this.closer.close(position, trigger, at);
        closed++;
      } catch (error) {
        this.logger.warn({ position_id: position.id, err: error }, 'protective exit failed');
      }
    }
    return closed;
  }

  private async act(
    decision: Decision,
    config: BotConfig,
    prices: Record<string, number>,
  ): Promise<{ decision: Decision; opened: number; closed: number }> {
    const none = { opened: 0, closed: 0 };
    if (decision.action === 'HOLD') return { decision: { ...decision, outcome: 'hold' }, ...none };
    if (!config.autonomous) return { decision: { ...decision, outcome: 'proposal' }, ...none };
    const open = await this.platform.openPositions();
    const onPair = open.find((p) => p.assetPair === decision.assetPair);
    const price = prices[decision.assetPair];
    // A confident signal against an open position closes it.
    if (
      onPair &&
      closingSide(onPair.side) === decision.action &&
      decision.confidence >= config.confidence_threshold
    ) {
      try {
        await this.closer.close(onPair, 'signal_reversal', decision.createdAt);
        return {
          decision: { ...decision, outcome: 'executed', note: `closed ${onPair.id}` },
          opened: 0,
          closed: 1,
        };
      } catch (error) {
        const note = error instanceof Error ? error.message : 'close failed';
        const outcome = config.dry_run ? 'dry_run' : 'rejected';
        return { decision: { ...decision, outcome, note }, ...none };
      }
    }
    const balances = await this.platform.balances({ prices });
    const verdict = assessEntry(decision, {
      config,
      portfolioValue: balances.portfolioValue,
      cash: balances.cash,
      openPositions: open.length,
      hasPositionOnPair: onPair !== undefined,
      price,
    });
    if (!verdict.approved) {
      return { decision: { ...decision, outcome: 'rejected', note: verdict.reason }, ...none };
    }
    const side = decision.action;
    // Protective levels from the market price; the platform fills with slippage around it.
    const levels = protectiveLevels(sideFor(side), price, config.stop_loss, config.take_profit);
    const result = await this.platform.placeOrder({
      order: {
        idempotencyKey: `order:${decision.id}`,
        assetPair: decision.assetPair,
        side,
        size: verdict.size,
        marketPrice: price,
        stopLoss: levels.stopLoss,
        takeProfit: levels.takeProfit,
        at: decision.createdAt,
      },
    });
    const outcome =
      result.status === 'dry_run'
        ? 'dry_run'
        : result.status === 'rejected'
          ? 'rejected'
          : 'executed';
    const opened = result.status === 'filled' && !result.replayed ? 1 : 0;
    return {
      decision: { ...decision, outcome, note: result.reason ?? result.orderId },
      opened,
      closed: 0,
    };
  }

  /** Publishes the figures every replica serves, and trips the drawdown kill switch. */
  private async publish(prices: Record<string, number>, at: number, decided: boolean) {
    const [balances, open] = await Promise.all([
      this.platform.balances({ prices }),
      this.platform.openPositions(),
    ]);
    await this.bot.publish({
      portfolioValue: balances.portfolioValue,
      activePositions: open.length,
      lastDecisionAt: decided ? at : undefined,
    });
    const peak = await this.bot.raisePeak(balances.portfolioValue);
    if (drawdownBreached(peak, balances.portfolioValue, this.config.trading.maxDrawdownPct)) {
      const drawdown = drawdownPct(peak, balances.portfolioValue);
      await this.bot.update((s) =>
        s.state === 'emergency_stopped'
          ? { result: undefined }
          : {
              change: { state: 'emergency_stopped' },
              audit: {
                action: 'kill_switch',
                drawdown_pct: drawdown,
                peak,
                value: balances.portfolioValue,
              },
              result: undefined,
            },
      );
      await this.platform.cancelPendingOrders();
      this.logger.error(
        { drawdown_pct: drawdown, peak },
        'drawdown kill switch: emergency stop latched',
      );
    }
  }
}
