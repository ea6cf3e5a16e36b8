import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  ConflictError,
  NotFoundError,
  positionValue,
  type Clock,
  type OrderRequest,
  type OrderResult,
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
import { IdempotencyRecords } from './idempotency-records';
import { assertLevels, fillPrice } from './manual-trade-levels';
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
    private readonly records: IdempotencyRecords,
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

  /**
   * A trade an operator asks for; refused while the emergency stop is latched. With an
   * Idempotency-Key it answers what the key first answered (`replayed: true`), whatever has
   * changed since — the bot's mode, an emergency stop, the market — and a key reused with
   * another body is a 400.
   */
  async manualTrade(body: ManualTradeDto, idempotencyKey?: string): Promise<TradeAnswer> {
    this.prices.assertKnown([body.asset_pair], 'asset_pair');
    if (idempotencyKey === undefined) {
      const order = await this.checkedOrder(body, `manual:${randomUUID()}`);
      return answerOf(await this.platform.placeOrder({ order }), order.marketPrice);
    }
    const fields = { ...body };
    const claim = await this.records.claim<TradeAnswer>(SCOPE, idempotencyKey, fields);
    if (claim.kind === 'answered') return { ...claim.answer, replayed: true };
    const orderKey = `manual:${idempotencyKey}`;
    if (claim.kind === 'unanswered') {
      // An earlier request with this key reached the platform but never stored its answer
      // (it crashed, or is still on its way): the platform's result is the key's answer.
      const earlier = await this.platform.orderByKey({
        idempotencyKey: orderKey,
        assetPair: body.asset_pair,
      });
      if (earlier) return this.answered(idempotencyKey, earlier, await this.price(body));
    }
    let order: OrderRequest;
    try {
      order = await this.checkedOrder(body, orderKey);
    } catch (error) {
      // Refused before anything left: the key is free for a corrected request.
      if (claim.kind === 'new') await this.records.release(SCOPE, idempotencyKey, fields);
      throw error;
    }
    return this.answered(
      idempotencyKey,
      await this.platform.placeOrder({ order }),
      order.marketPrice,
    );
  }

  /** The order for this body once nothing refuses it: bot not halted, levels on the right side. */
  private async checkedOrder(body: ManualTradeDto, idempotencyKey: string): Promise<OrderRequest> {
    const bot = await this.bot.read();
    if (bot.state === 'emergency_stopped') {
      throw new ConflictError(
        'BOT.EMERGENCY_STOPPED',
        'emergency stop is latched; start the bot first',
      );
    }
    const at = this.now();
    const expiresAt = orderExpiry(body.expires_at, at, this.config.trading.pendingOrders.maxTtlMs);
    const marketPrice = await this.price(body);
    assertLevels(
      { side: body.action, stopLoss: body.stop_loss, takeProfit: body.take_profit },
      fillPrice(body.action, marketPrice, body.price),
    );
    return {
      idempotencyKey,
      assetPair: body.asset_pair,
      side: body.action,
      size: body.size,
      marketPrice,
      limitPrice: body.price,
      expiresAt,
      stopLoss: body.stop_loss,
      takeProfit: body.take_profit,
      at,
    };
  }

  /**
   * Stores the key's first answer; a concurrent request's earlier one wins. The request whose
   * order the venue took now (not replayed) is the one that traded, whichever stored the
   * answer first; for answers the venue keeps nothing of (dry run, rejected) the first stored
   * is the original.
   */
  private async answered(key: string, result: OrderResult, price: number): Promise<TradeAnswer> {
    const holdsMoney = result.status === 'filled' || result.status === 'pending';
    const stored = await this.records.answer(SCOPE, key, answerOf(result, price), holdsMoney);
    const tradedNow = holdsMoney && !result.replayed;
    return { ...stored.answer, replayed: !tradedNow && (result.replayed || !stored.first) };
  }

  private async price(body: ManualTradeDto): Promise<number> {
    return (await this.prices.prices([body.asset_pair], this.now()))[body.asset_pair];
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

const SCOPE = 'manual-trade';

/** What `POST /bot/manual-trade` answers, and what its Idempotency-Key remembers. */
export interface TradeAnswer {
  order_id: string;
  status: OrderResult['status'];
  replayed: boolean;
  reason: string | null;
  position: ReturnType<typeof positionView> | null;
  /** The longs (or the sold part of one) a SELL sold on a netting account. */
  closed: ReturnType<typeof closedView>[];
}

function answerOf(result: OrderResult, marketPrice: number): TradeAnswer {
  return {
    order_id: result.orderId,
    status: result.status,
    replayed: result.replayed,
    reason: result.reason ?? null,
    position: result.position ? positionView(result.position, marketPrice) : null,
    closed: (result.closed ?? []).map(closedView),
  };
}

function alreadyClosed(position: Position): ConflictError {
  let how = position.closeReason ?? 'closed';
  if (position.closedAt) how += ` at ${new Date(position.closedAt).toISOString()}`;
  if (position.exitPrice !== undefined) how += `, exit price ${position.exitPrice}`;
  if (position.realizedPnl !== undefined)
    how += `, realized P&L ${position.realizedPnl.toFixed(2)}`;
  return new ConflictError('POSITION.CLOSED', `position ${position.id} is already closed (${how})`);
}
