import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  acceptsEntries,
  assessEntry,
  closingSide,
  DomainError,
  drawdownBreached,
  drawdownPct,
  exitTrigger,
  protectiveLevels,
  runConfigProblems,
  settledState,
  sideFor,
  type BotConfig,
  type BotState,
  type Decision,
  type MarketDataProvider,
  type OrderResult,
  type Position,
  type TradingPlatform,
  UnavailableError,
} from '@ffe/domain';
import { BotStateStore, type BotSnapshot } from '../../services/bot-state/bot-state.store';
import { MARKET_DATA } from '../../services/market-data/market-data.tokens';
import { TRADING_PLATFORM } from '../../services/trading-platform/trading-platform.tokens';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { DecisionEngine } from '../trading-core/decision-engine.service';
import { latchEmergencyStop } from '../trading-core/emergency-latch';
import { DecisionLog } from '../trading-core/decision-log.repository';
import { MarketPrices } from '../trading-core/market-prices.service';
import { PositionCloser } from '../trading-core/position-closer.service';
import { TradingMetrics } from '../trading-core/trading-metrics';
import {
  haltedOutcome,
  haltOf,
  haltOfSnapshot,
  recordOf,
  type ActOutcome,
  type Halt,
} from './cycle-outcomes';

export interface CycleReport {
  cycleId: string;
  at: number;
  /** The bot's state the cycle ran in, after settling `starting` / `stopping`. */
  state: BotState;
  /**
   * Why no entries were made: the state that forbids them, `kill_switch`, or `stale` (a later
   * cycle has run: this one acted on nothing).
   */
  skipped?: string;
  decisions: number;
  /** Decisions recorded as `halted`: a stop landed while the cycle was deciding. */
  halted: number;
  opened: number;
  closed: number;
}

/**
 * One trading cycle at time `at`, in every state of the bot: it settles a state left between
 * two steps, closes positions at their stop-loss / take-profit and publishes the figures.
 * Only a running bot goes on to entries: the drawdown kill switch first, then filled limit
 * orders, then a decision per pair, the risk rules, and orders when autonomous. Every id is
 * derived from `cycleId`, so a retried cycle (a crashed worker's job) repeats nothing.
 */
@Injectable()
export class TradingCycleService {
  private readonly logger = new Logger(TradingCycleService.name);

  constructor(
    private readonly bot: BotStateStore,
    @Inject(TRADING_PLATFORM) private readonly platform: TradingPlatform,
    @Inject(MARKET_DATA) private readonly market: MarketDataProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prices: MarketPrices,
    private readonly engine: DecisionEngine,
    private readonly log: DecisionLog,
    private readonly closer: PositionCloser,
    private readonly metrics: TradingMetrics,
  ) {}

  async run({ cycleId, at }: { cycleId: string; at: number }): Promise<CycleReport> {
    const fence = await this.bot.enterCycle(at);
    if (!fence.entered) return this.stale(cycleId, at, fence.fence);
    const bot = await this.settle(await this.bot.read());
    const report: CycleReport = {
      cycleId,
      at,
      state: bot.state,
      decisions: 0,
      halted: 0,
      opened: 0,
      closed: 0,
    };
    const open = await this.platform.openPositions();
    const entering = acceptsEntries(bot.state);
    // A position opened after this cycle's time (a manual trade that landed before a retry)
    // is the next cycle's: acting on it would date its exit before its open.
    const ours = open.filter((p) => p.openedAt <= at);
    if (!entering && open.length === 0) {
      // Nothing to protect and nothing to decide: no market data, only the figures.
      await this.publish({}, at, false);
      return { ...report, skipped: bot.state };
    }
    const pairs = [
      ...new Set([...(entering ? bot.config.asset_pairs : []), ...open.map((p) => p.assetPair)]),
    ];
    const prices = await this.prices.prices(pairs, at);
    report.closed += await this.protectiveExits(cycleId, ours, prices, at);
    if (!entering) {
      await this.publish(prices, at, false);
      return { ...report, skipped: bot.state };
    }
    if (await this.killSwitch(prices)) {
      await this.publish(prices, at, false);
      return { ...report, skipped: 'kill_switch' };
    }
    const entries = await this.enter(cycleId, at, bot.config, prices);
    await this.publish(prices, at, entries.decisions > 0);
    return { ...report, ...entries, closed: report.closed + entries.closed };
  }

  /**
   * A run older than the newest cycle (a stalled job re-run after the next cycle ran) acts on
   * nothing: the book is newer than its prices. What it did before it stalled is recorded.
   */
  private async stale(cycleId: string, at: number, fence: number): Promise<CycleReport> {
    const { state } = await this.bot.read();
    this.logger.warn(
      { cycle_id: cycleId, at: new Date(at).toISOString(), fence: new Date(fence).toISOString() },
      'stale trading cycle: a later cycle has run, this one acts on nothing',
    );
    const none = { decisions: 0, halted: 0, opened: 0, closed: 0 };
    return { cycleId, at, state, skipped: 'stale', ...none };
  }

  /**
   * Settles `stopping` → `stopped` and `starting` → `running` (or `stopped` when the stored
   * config cannot run) with an audit entry; returns the bot as it is now.
   */
  private async settle(snapshot: BotSnapshot): Promise<BotSnapshot> {
    const problems = (snap: BotSnapshot) => runConfigProblems(snap.config, this.market.pairs());
    if (settledState(snapshot.state, problems(snapshot)) === snapshot.state) return snapshot;
    const settled = await this.bot.update((snap) => {
      const found = problems(snap);
      const to = settledState(snap.state, found);
      if (to === snap.state) return { result: undefined };
      const why = snap.state === 'starting' && found.length > 0 ? { problems: found } : {};
      return {
        change: { state: to },
        audit: { action: to, from: snap.state, by: 'trading_cycle', ...why },
        result: { from: snap.state, to, ...why },
      };
    });
    if (settled) this.logger.log(settled, 'bot state settled by the trading cycle');
    return this.bot.read();
  }

  /**
   * Closes every position whose stop-loss or take-profit the price reached, each under a key
   * of this cycle's, so a retry (or a second run of the same cycle beside it) closes nothing
   * twice.
   */
  private async protectiveExits(
    cycleId: string,
    open: Position[],
    prices: Record<string, number>,
    at: number,
  ) {
    let closed = 0;
    for (const position of open) {
      const trigger = exitTrigger(position, prices[position.assetPair]);
      if (!trigger) continue;
      try {
        await this.closer.close(position, trigger, at, `exit:${cycleId}:${position.id}`);
        closed++;
      } catch (error) {
        // One venue refusal or outage never stops the other exits; a fault of ours fails the
        // cycle, whose retry closes nothing twice (the key).
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn({ position_id: position.id, err: error }, 'protective exit failed');
      }
    }
    return closed;
  }

  /**
   * The drawdown kill switch, before any entry: raises the peak with the value now and, when
   * the drawdown reached MAX_DRAWDOWN_PCT, latches the emergency stop (audited) and cancels
   * pending orders. True when it tripped: the cycle then enters nothing.
   */
  private async killSwitch(prices: Record<string, number>): Promise<boolean> {
    const { portfolioValue: value } = await this.platform.balances({ prices });
    const peak = await this.bot.raisePeak(value);
    if (!drawdownBreached(peak, value, this.config.trading.maxDrawdownPct)) return false;
    const drawdown = drawdownPct(peak, value);
    const latched = await latchEmergencyStop(this.bot, this.platform, () => ({
      action: 'kill_switch',
      drawdown_pct: drawdown,
      peak,
      value,
    }));
    // A trip is the latch this call made; a stop another caller latched first is not one.
    if (latched) this.metrics.killSwitchTripped();
    await this.platform.cancelPendingOrders();
    this.logger.error(
      { drawdown_pct: drawdown, peak },
      'drawdown kill switch: emergency stop latched',
    );
    return true;
  }

  /**
   * Filled limit orders, then one decision per pair, each acted on only while the bot still
   * runs. Once a stop lands, that decision and every one after it is recorded as `halted`.
   */
  private async enter(
    cycleId: string,
    at: number,
    config: BotConfig,
    prices: Record<string, number>,
  ): Promise<Pick<CycleReport, 'decisions' | 'halted' | 'opened' | 'closed'>> {
    const done = { decisions: 0, halted: 0, opened: 0, closed: 0 };
    let halt: Halt | undefined = await this.haltedBy(at);
    if (!halt) {
      try {
        done.opened += (await this.platform.matchPendingOrders({ prices, at })).length;
      } catch (error) {
        halt = haltOf(error);
      }
    }
    const decisions = await Promise.all(
      config.asset_pairs.map((pair) =>
        this.engine.decide({ pair, at, idSeed: `${cycleId}:${pair}`, outcome: 'hold' }),
      ),
    );
    for (const decision of decisions) {
      const outcome = await this.actWhileRunning(decision, halt, prices);
      halt ??= outcome.halt;
      done.opened += outcome.opened;
      done.closed += outcome.closed;
      if (outcome.decision.outcome === 'halted') done.halted++;
      await this.log.record(outcome.decision);
      done.decisions++;
    }
    return done;
  }

  /** Acts on a decision if the bot still runs (read afresh), else records it as halted. */
  private async actWhileRunning(
    decision: Decision,
    halt: Halt | undefined,
    prices: Record<string, number>,
  ): Promise<ActOutcome> {
    if (halt) return haltedOutcome(decision, halt);
    const current = await this.bot.read();
    const stopped = haltOfSnapshot(current, decision.createdAt);
    if (stopped) return haltedOutcome(decision, stopped);
    return this.act(decision, current.config, prices);
  }

  /** What forbids entries at `at` now (a state, or a later cycle), or undefined. */
  private async haltedBy(at: number): Promise<Halt | undefined> {
    return haltOfSnapshot(await this.bot.read(), at);
  }

  private async act(
    decision: Decision,
    config: BotConfig,
    prices: Record<string, number>,
  ): Promise<ActOutcome> {
    const none = { opened: 0, closed: 0 };
    if (decision.action === 'HOLD') return { decision: { ...decision, outcome: 'hold' }, ...none };
    if (!config.autonomous) return { decision: { ...decision, outcome: 'proposal' }, ...none };
    // One decision, at most one side effect, under one key: the close of a reversal or the
    // order of an entry. A retry whose first attempt already acted (and crashed before
    // recording) answers with that, whatever it would decide now. In dry-run no entry leaves,
    // so there is nothing a retry could repeat and the venue is not asked.
    const key = `order:${decision.id}`;
    const earlier = config.dry_run
      ? undefined
      : await this.platform.orderByKey({ idempotencyKey: key, assetPair: decision.assetPair });
    if (earlier) return { decision: { ...decision, ...recordOf(earlier) }, ...none };
    const open = await this.platform.openPositions();
    const onPair = open.find((p) => p.assetPair === decision.assetPair);
    // Only a position this cycle could have known is closed on a reversal.
    const closable = onPair && onPair.openedAt <= decision.createdAt ? onPair : undefined;
    const price = prices[decision.assetPair];
    // A confident signal against an open position closes it.
    if (
      closable &&
      closingSide(closable.side) === decision.action &&
      decision.confidence >= config.confidence_threshold
    ) {
      try {
        await this.closer.close(closable, 'signal_reversal', decision.createdAt, key);
        return {
          decision: { ...decision, outcome: 'executed', note: `closed ${closable.id}` },
          opened: 0,
          closed: 1,
        };
      } catch (error) {
        // A refusal (the venue's, the boundary's) is this decision's outcome; anything else
        // (state unavailable) fails the cycle, whose retry closes nothing twice: the key.
        // A close is an exit, never held by dry-run: a refused one is rejected, not a dry run.
        if (!(error instanceof DomainError) || error instanceof UnavailableError) throw error;
        return { decision: { ...decision, outcome: 'rejected', note: error.message }, ...none };
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
      supportsShorts: this.platform.supportsShorts,
    });
    if (!verdict.approved) {
      return { decision: { ...decision, outcome: 'rejected', note: verdict.reason }, ...none };
    }
    // The last look before the order leaves: a stop that landed since the loop's check holds it.
    const halt = await this.haltedBy(decision.createdAt);
    if (halt) return haltedOutcome(decision, halt);
    const side = decision.action;
    // Protective levels from the market price; the platform fills with slippage around it.
    const levels = protectiveLevels(sideFor(side), price, config.stop_loss, config.take_profit);
    let result: OrderResult;
    try {
      result = await this.platform.placeOrder({
        order: {
          idempotencyKey: key,
          assetPair: decision.assetPair,
          side,
          size: verdict.size,
          marketPrice: price,
          stopLoss: levels.stopLoss,
          takeProfit: levels.takeProfit,
          at: decision.createdAt,
        },
      });
    } catch (error) {
      // The boundary's emergency-stop refusal (the stop landed after our last look) is a
      // halt; any other error fails the cycle, whose retry repeats nothing.
      return haltedOutcome(decision, haltOf(error));
    }
    const opened = result.status === 'filled' && !result.replayed && !result.keyedClose ? 1 : 0;
    return { decision: { ...decision, ...recordOf(result) }, opened, closed: 0 };
  }

  /** Publishes the figures every replica serves (portfolio value, active positions). */
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
  }
}
