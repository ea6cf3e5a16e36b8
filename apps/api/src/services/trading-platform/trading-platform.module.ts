import { Module } from '@nestjs/common';
import { GuardedTradingPlatform, MeteredTradingPlatform } from '@ffe/platforms';
import type { TradingPlatform } from '@ffe/domain';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { BotStateModule } from '../bot-state/bot-state.module';
import { BotStateStore } from '../bot-state/bot-state.store';
import type { RedisClient } from '../redis/redis-client.factory';
import { REDIS_STATE } from '../redis/redis.tokens';
import { OrderMetrics } from './order-metrics';
import { TRADING_PLATFORM_ADAPTERS } from './trading-platform.adapters';
import { TRADING_PLATFORM } from './trading-platform.tokens';

const RAW_PLATFORM = Symbol('RAW_PLATFORM');

/**
 * Binds TRADING_PLATFORM to the adapter TRADING_PLATFORM names, wrapped in the boundary that
 * reads the bot from Redis before every order: no entry during an emergency stop, nothing
 * leaves in dry-run. Around it, the meter that counts every order placed (ffe_orders_total).
 */
@Module({
  imports: [BotStateModule],
  providers: [
    {
      provide: RAW_PLATFORM,
      inject: [APP_CONFIG, REDIS_STATE],
      useFactory: (config: AppConfig, redis: RedisClient) =>
        TRADING_PLATFORM_ADAPTERS[config.trading.platform]({ config: config.trading, redis }),
    },
    {
      provide: TRADING_PLATFORM,
      inject: [RAW_PLATFORM, BotStateStore],
      useFactory: (platform: TradingPlatform, bot: BotStateStore) =>
        new MeteredTradingPlatform(
          new GuardedTradingPlatform(platform, () => bot.read()),
          new OrderMetrics(platform.name),
        ),
    },
  ],
  exports: [TRADING_PLATFORM],
})
export class TradingPlatformModule {}
