import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  positionValue,
  type Clock,
  type Position,
  type TradingPlatform,
} from '@ffe/domain';
import { BotStateStore } from '../../services/bot-state/bot-state.store';
import { TRADING_PLATFORM } from '../../services/trading-platform/trading-platform.tokens';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { CLOCK } from '../trading-core/clock.token';
import { MarketPrices } from '../trading-core/market-prices.service';
import { PositionCloser } from '../trading-core/position-closer.service';
import { IdempotencyFingerprints } from './idempotency-fingerprints';
import type { ManualTradeDto } from './manual-trade.dto';
import { closedView, positionView } from './position-view';
import { orderExpiry } from './order-expiry';

@Injectable()
export class PositionsService {
  constructor(
    @Inject(TRADING_PLATFORM) private readonly platform: TradingPlatform,
    private readonly prices: MarketPrices,
    private readonly closer: PositionCloser,
    private readonly bot: BotStateStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly fingerprints: IdempotencyFingerprints,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list() {
    const open = await this.platform.openPositions();
    const prices = await this.prices.prices(
      open.map((p) => p.assetPair),
      this.now(),
    );
    const positions = open.map((p) => positionView(p, prices[p.assetPair]));
    const total = open.reduce((sum, p) => sum + positionValue(p, prices[p.assetPair]), 0);
    return { positions, count: positions.length, total_value: total };
  }

  /**
   * Closes once: a retried or concurrent close of the same position never closes it again
   * (the platform removes it from the open set atomically); it is a 409 `POSITION.CLOSED`
   * whose message says how, when and at what P&L it was closed, so a client whose first
   * answer was lost can tell that the position is closed, not that something failed.
   */
  async close(id: string) {
    const position = await this.platform.getPosition({ positionId: id });
    if (!position) throw new NotFoundError('POSITION.NOT_FOUND', `no position ${id}`);
    if (position.status === 'closed') throw alreadyClosed(position);
    try {
      return closedView(await this.closer.close(position, 'manual', this.now()));
    } catch (error) {
      if (error instanceof ConflictError && error.code === 'POSITION.CLOSED') {
        // Another request closed it meanwhile: answer with what that close did.
        const closed = await this.platform.getPosition({ positionId: id });
        if (closed?.status === 'closed') throw alreadyClosed(closed);
      }
      throw error;
    }
  }

  /** A trade an operator asks for; refused while the emergency stop is latched. */
  async manualTrade(body: ManualTradeDto, idempotencyKey?: string) {
    const bot = await this.bot.read();
    if (bot.state === 'emergency_stopped') {
      throw new ConflictError(
        'BOT.EMERGENCY_STOPPED',
        'emergency stop is latched; start the bot first',
      );
    }
    this.prices.assertKnown([body.asset_pair], 'asset_pair');
    if (idempotencyKey !== undefined) {
      await this.fingerprints.claim('manual-trade', idempotencyKey, { ...body });
    }
    const at = this.now();
    const expiresAt = orderExpiry(body.expires_at, at, this.config.trading.pendingOrders.maxTtlMs);
    const marketPrice = (await this.prices.prices([body.asset_pair], at))[body.asset_pair];
    const long = body.action === 'BUY';
    if (
      body.stop_loss !== undefined &&
      (long ? body.stop_loss >= marketPrice : body.stop_loss <= marketPrice)
    ) {
      throw new InvalidInputError(
        'ORDER.STOP_LOSS',
        `stop_loss must be ${long ? 'below' : 'above'} the price ${marketPrice}`,
        'stop_loss',
      );
    }
    if (
      body.take_profit !== undefined &&
      (long ? body.take_profit <= marketPrice : body.take_profit >= marketPrice)
    ) {
      throw new InvalidInputError(
        'ORDER.TAKE_PROFIT',
        `take_profit must be ${long ? 'above' : 'below'} the price ${marketPrice}`,
        'take_profit',
      );
    }
    const result = await this.platform.placeOrder({
      order: {
        idempotencyKey: `manual:${idempotencyKey ?? randomUUID()}`,
        assetPair: body.asset_pair,
        side: body.action,
        size: body.size,
        marketPrice,
        limitPrice: body.price,
        expiresAt,
        stopLoss: body.stop_loss,
        takeProfit: body.take_profit,
        at,
      },
    });
    return {
      order_id: result.orderId,
      status: result.status,
      replayed: result.replayed,
      reason: result.reason ?? null,
      position: result.position ? positionView(result.position, marketPrice) : null,
      closed: (result.closed ?? []).map(closedView),
    };
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

function alreadyClosed(position: Position): ConflictError {
  let how = position.closeReason ?? 'closed';
  if (position.closedAt) how += ` at ${new Date(position.closedAt).toISOString()}`;
  if (position.exitPrice !== undefined) how += `, exit price ${position.exitPrice}`;
  if (position.realizedPnl !== undefined)
    how += `, realized P&L ${position.realizedPnl.toFixed(2)}`;
  return new ConflictError('POSITION.CLOSED', `position ${position.id} is already closed (${how})`);
}
