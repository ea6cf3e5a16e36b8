import { Inject, Module, Optional, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import type { RedisClient } from '../redis/redis-client.factory';
import { REDIS_QUEUE } from '../redis/redis.tokens';
import { BullmqCallPermits } from './bullmq-call-permits';
import { MARKET_DATA_ADAPTERS } from './market-data.adapters';
import { ALPHA_VANTAGE_PERMITS, MARKET_DATA } from './market-data.tokens';

/** How long a cycle waits for an Alpha Vantage call permit before that pair fails this cycle. */
const PERMIT_WAIT_MS = 20_000;

/**
 * Binds MARKET_DATA to the adapter MARKET_DATA_SOURCE names (validated at start). Alpha
 * Vantage's call budget is a BullMQ rate limiter, shared by every replica.
 */
@Module({
  providers: [
    {
      provide: ALPHA_VANTAGE_PERMITS,
      inject: [APP_CONFIG, REDIS_QUEUE],
      useFactory: (config: AppConfig, connection: RedisClient) => {
        const alphaVantage = config.trading.marketData.alphaVantage;
        if (!alphaVantage) return null;
        return new BullmqCallPermits(connection, {
          max: alphaVantage.callsPerMinute,
          durationMs: 60_000,
          waitMs: PERMIT_WAIT_MS,
        });
      },
    },
    {
      provide: MARKET_DATA,
      inject: [APP_CONFIG, ALPHA_VANTAGE_PERMITS],
      useFactory: (config: AppConfig, permits: BullmqCallPermits | null) =>
        MARKET_DATA_ADAPTERS[config.trading.marketData.source](config.trading, {
          permits: permits ?? undefined,
        }),
    },
  ],
  exports: [MARKET_DATA],
})
export class MarketDataModule implements OnModuleDestroy {
  constructor(
    @Optional() @Inject(ALPHA_VANTAGE_PERMITS) private readonly permits: BullmqCallPermits | null,
  ) {}

  // Before RedisModule closes the connection the permits' queue uses.
  async onModuleDestroy(): Promise<void> {
    await this.permits?.close();
  }
}
