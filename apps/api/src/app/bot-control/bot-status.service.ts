import { Inject, Injectable } from '@nestjs/common';
import { unrealizedPnl, type Clock, type TradingPlatform } from '@ffe/domain';
import { BotStateStore, type BotSnapshot } from '../../services/bot-state/bot-state.store';
import { TRADING_PLATFORM } from '../../services/trading-platform/trading-platform.tokens';
import { CLOCK } from '../trading-core/clock.token';
import { MarketPrices } from '../trading-core/market-prices.service';

const DAY_MS = 86_400_000;

/** The status body, shaped as the original engine's: see docs/architecture.md. */
@Injectable()
export class BotStatusService {
  constructor(
    private readonly bot: BotStateStore,
    @Inject(TRADING_PLATFORM) private readonly platform: TradingPlatform,
    private readonly prices: MarketPrices,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async status(snapshot?: BotSnapshot) {
    const bot = snapshot ?? (await this.bot.read());
    const now = this.clock.now().getTime();
    const open = await this.platform.openPositions();
    const prices = await this.prices.prices(
      open.map((p) => p.assetPair),
      now,
    );
    const [balances, closedToday, totalTrades] = await Promise.all([
      this.platform.balances({ prices }),
      this.platform.closedPositions({ since: Math.floor(now / DAY_MS) * DAY_MS }),
      this.platform.tradeCount(),
    ]);
    const realizedToday = closedToday.reduce((sum, p) => sum + (p.realizedPnl ?? 0), 0);
    const unrealized = open.reduce((sum, p) => sum + unrealizedPnl(p, prices[p.assetPair]), 0);
    const running = bot.state === 'running';
    return {
      state: bot.state,
      is_operational: running,
      uptime_seconds: running && bot.startedAt ? Math.max(0, (now - bot.startedAt) / 1_000) : 0,
      total_trades: totalTrades,
      active_positions: open.length,
      portfolio_value: round2(balances.portfolioValue),
      daily_pnl: round2(realizedToday + unrealized),
      last_decision_time: bot.lastDecisionAt ? new Date(bot.lastDecisionAt).toISOString() : null,
      config: bot.config,
    };
  }
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
