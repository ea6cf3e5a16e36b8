import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  InvalidInputError,
  planStart,
  stateAfterStop,
  type Clock,
  type RiskSettings,
  type RunParams,
  type TradingPlatform,
} from '@ffe/domain';
import { BotStateStore } from '../../services/bot-state/bot-state.store';
import { TRADING_PLATFORM } from '../../services/trading-platform/trading-platform.tokens';
import { CLOCK } from '../trading-core/clock.token';
import { latchEmergencyStop, resumeAfterStart } from '../trading-core/emergency-latch';
import { MarketPrices } from '../trading-core/market-prices.service';
import { PositionCloser, type CloseAllResult } from '../trading-core/position-closer.service';
import { BotStatusService } from './bot-status.service';
import type { StartBotDto } from './start-bot.dto';
import type { UpdateConfigDto } from './update-config.dto';

/**
 * Start, stop, emergency stop and config: every change a compare-and-set on the bot in Redis
 * with its audit entry, so they are idempotent and safe from any replica at once.
 */
@Injectable()
export class BotControlService {
  private readonly logger = new Logger(BotControlService.name);

  constructor(
    private readonly bot: BotStateStore,
    private readonly status: BotStatusService,
    private readonly prices: MarketPrices,
    private readonly closer: PositionCloser,
    @Inject(TRADING_PLATFORM) private readonly platform: TradingPlatform,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async start(body: StartBotDto) {
    if (body.asset_pairs) this.prices.assertKnown(body.asset_pairs, 'asset_pairs');
    const now = this.clock.now().getTime();
    const value = await this.portfolioValue(now);
    // `starting`: recorded first, so a crash between the two steps is visible and a later
    // start (allowed from `starting` only as a no-op) never doubles the run.
    const started = await this.bot.update((snap) => {
      const wanted: RunParams = {
        asset_pairs: body.asset_pairs ?? snap.config.asset_pairs,
        autonomous: body.autonomous ?? snap.config.autonomous,
        take_profit: body.take_profit ?? snap.config.take_profit,
        stop_loss: body.stop_loss ?? snap.config.stop_loss,
        dry_run: body.dry_run ?? snap.config.dry_run,
      };
      const plan = planStart(snap.state, snap.config, wanted);
      if (plan.kind === 'already_running') return { result: false };
      // An explicit start is the operator accepting the portfolio as it is now: the drawdown
      // kill switch measures the new run from this value, not from a peak an earlier run (or
      // the loss that tripped the switch) left behind, which would latch it again at once.
      // Only a start that starts resets it (an idempotent repeat while running never does),
      // in the same compare-and-set as the state, audited with the peak it replaces.
      return {
        change: {
          state: 'starting',
          config: { ...snap.config, ...wanted },
          startedAt: now,
          peakValue: value,
        },
        audit: {
          action: 'start',
          from: snap.state,
          params: wanted,
          peak_reset: { from: snap.peakValue ?? null, to: value },
        },
        result: true,
      };
    });
    if (started) {
      await this.bot.update((snap) =>
        snap.state === 'starting'
          ? { change: { state: 'running' }, audit: { action: 'running' }, result: undefined }
          : { result: undefined },
      );
      this.logger.log('bot started');
    }
    // After the compare-and-set, never before: a stop racing this start keeps its halt.
    await resumeAfterStart(this.bot, this.platform);
    return this.status.status();
  }

  /** The portfolio at current prices, as the cycle's kill switch values it. */
  private async portfolioValue(at: number): Promise<number> {
    const open = await this.platform.openPositions();
    const prices = await this.prices.prices(
      open.map((p) => p.assetPair),
      at,
    );
    return (await this.platform.balances({ prices })).portfolioValue;
  }

  async stop() {
    await this.bot.update((snap) => {
      const target = stateAfterStop(snap.state);
      if (snap.state === target) return { result: undefined };
      return {
        change: { state: target },
        audit: { action: 'stop', from: snap.state },
        result: undefined,
      };
    });
    return this.status.status();
  }

  /**
   * Latches emergency_stopped (the platform's halt on fills first), cancels pending orders,
   * and closes positions when asked.
   */
  async emergencyStop(closePositions: boolean): Promise<{ state: string } & CloseAllResult> {
    await latchEmergencyStop(this.bot, this.platform, (snap) => ({
      action: 'emergency_stop',
      from: snap.state,
      close_positions: closePositions,
    }));
    const cancelled = await this.platform.cancelPendingOrders();
    this.logger.warn({ close_positions: closePositions, cancelled }, 'emergency stop');
    const result = closePositions
      ? await this.closer.closeAll('emergency_stop', this.clock.now().getTime())
      : { closed: [], failed: [] };
    return { state: 'emergency_stopped', ...result };
  }

  async updateConfig(body: UpdateConfigDto) {
    const patch: Partial<RiskSettings & Pick<RunParams, 'stop_loss'>> = {};
    for (const key of [
      'stop_loss_pct',
      'position_size_pct',
      'confidence_threshold',
      'max_concurrent_trades',
    ] as const) {
      if (body[key] !== undefined) patch[key] = body[key];
    }
    if (Object.keys(patch).length === 0) {
      throw new InvalidInputError('CONFIG.EMPTY', 'name at least one setting to change', 'body');
    }
    // stop_loss_pct is the stop-loss distance of new entries in percent: it lands in the one
    // stored setting, stop_loss (a fraction), which start takes and the cycle places stops by.
    if (patch.stop_loss_pct !== undefined) patch.stop_loss = patch.stop_loss_pct / 100;
    await this.bot.update((snap) => ({
      change: { config: { ...snap.config, ...patch } },
      audit: { action: 'config', changes: patch },
      result: undefined,
    }));
    return this.status.status();
  }
}
