import { Module } from '@nestjs/common';
import { DryRunTradingPlatform } from '@ffe/platforms';
import type { TradingPlatform } from '@ffe/domain';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { BotStateModule } from '../bot-state/bot-state.module';
import { BotStateStore } from '../bot-state/bot-state.store';
import type { RedisClient } from '../redis/redis-client.factory';
import { REDIS_STATE } from '../redis/redis.tokens';
import { TRADING_PLATFORM_ADAPTERS } from './trading-platform.adapters';
import { TRADING_PLATFORM } from './trading-platform.tokens';

const RAW_PLATFORM = Symbol('RAW_PLATFORM');

/**
 * Binds TRADING_PLATFORM to the adapter TRADING_PLATFORM names, wrapped in the dry-run
 * boundary that reads the bot's `dry_run` from Redis on every order.
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
        new DryRunTradingPlatform(platform, () => bot.isDryRun()),
    },
  ],
  exports: [TRADING_PLATFORM],
})
export class TradingPlatformModule {}
