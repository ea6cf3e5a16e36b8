import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '@ffe/contracts';
import { drawdownPct, type Clock, type TradingPlatform } from '@ffe/domain';
import { BotStateStore } from '../../services/bot-state/bot-state.store';
import { TRADING_PLATFORM } from '../../services/trading-platform/trading-platform.tokens';
import { CLOCK } from '../trading-core/clock.token';
import { MarketPrices } from '../trading-core/market-prices.service';
import { positionView } from '../positions/position-view';

@ApiTags('portfolio')
@Controller(API_PREFIX)
export class PortfolioController {
  constructor(
    @Inject(TRADING_PLATFORM) private readonly platform: TradingPlatform,
    private readonly prices: MarketPrices,
    private readonly bot: BotStateStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('status')
  @ApiOperation({ summary: 'Balances, value, open positions, realised / unrealised P&L, drawdown' })
  async status() {
    const now = this.clock.now().getTime();
    const open = await this.platform.openPositions();
    const prices = await this.prices.prices(
      open.map((p) => p.assetPair),
      now,
    );
    const [balances, bot] = await Promise.all([
      this.platform.balances({ prices }),
      this.bot.read(),
    ]);
    const peak = Math.max(bot.peakValue ?? 0, balances.portfolioValue);
    return {
      platform: this.platform.name,
      balances: { cash: balances.cash, currency: 'USD' },
      portfolio_value: balances.portfolioValue,
      open_positions: open.map((p) => positionView(p, prices[p.assetPair])),
      realized_pnl: balances.realizedPnl,
      unrealized_pnl: balances.unrealizedPnl,
      peak_value: peak,
      drawdown_pct: drawdownPct(peak, balances.portfolioValue),
    };
  }
}
