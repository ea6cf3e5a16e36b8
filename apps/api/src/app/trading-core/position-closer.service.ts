import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, type Position, type TradingPlatform } from '@ffe/domain';
import { TRADING_PLATFORM } from '../../services/trading-platform/trading-platform.tokens';
import { MarketPrices } from './market-prices.service';
import { TradingMetrics } from './trading-metrics';

export interface CloseAllResult {
  closed: string[];
  failed: { id: string; reason: string }[];
}

/** Closes positions at the market and reports each realised P&L to the metrics. */
@Injectable()
export class PositionCloser {
  private readonly logger = new Logger(PositionCloser.name);

  constructor(
    @Inject(TRADING_PLATFORM) private readonly platform: TradingPlatform,
    private readonly prices: MarketPrices,
    private readonly metrics: TradingMetrics,
  ) {}

  /**
   * A close under `idempotencyKey` (a trading cycle's) answers the earlier close when sent
   * again; without one (an operator's) a second close is a ConflictError naming how it closed.
   */
  async close(
    position: Pick<Position, 'id' | 'assetPair'>,
    reason: string,
    at: number,
    idempotencyKey?: string,
  ) {
    const price = (await this.prices.prices([position.assetPair], at))[position.assetPair];
    const closed = await this.platform.closePosition({
      positionId: position.id,
      price,
      reason,
      at,
      idempotencyKey,
    });
    this.metrics.tradeClosed(closed.assetPair, closed.realizedPnl ?? 0, reason);
    this.logger.log(
      { position_id: closed.id, asset_pair: closed.assetPair, reason, pnl: closed.realizedPnl },
      'position closed',
    );
    return closed;
  }

  /** Tries every open position; one failure never stops the others. Safe to call again. */
  async closeAll(reason: string, at: number): Promise<CloseAllResult> {
    const result: CloseAllResult = { closed: [], failed: [] };
    for (const position of await this.platform.openPositions()) {
      try {
        await this.close(position, reason, at);
        result.closed.push(position.id);
      } catch (error) {
        // Closed by someone else since the list was read (a cycle's stop-loss, a manual
        // close): the position is no longer open, which is what the caller asked for.
        if (error instanceof DomainError && error.code === 'POSITION.CLOSED') {
          result.closed.push(position.id);
          continue;
        }
        const message = error instanceof DomainError ? error.message : 'close failed';
        result.failed.push({ id: position.id, reason: message });
      }
    }
    return result;
  }
}
