import { BullModule } from '@nestjs/bullmq';
import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { QueueNames } from '@ffe/contracts';
import { RedisFeatureStore } from '@ffe/feature-store';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import type { RedisClient } from '../../services/redis/redis-client.factory';
import { REDIS_STATE } from '../../services/redis/redis.tokens';
import { FEATURE_STORE } from './feature-store.tokens';
import { FeatureStoreHealth } from './feature-store.health';
import { FeatureStoreMetrics } from './feature-store.metrics';
import { FeatureWarmingMetrics } from './feature-warming.metrics';
import { FeatureWarmingProcessor } from './feature-warming.processor';
import { FeatureWarmingRegistry } from './feature-warming.registry';
import { FeatureWarmingScheduler } from './feature-warming.scheduler';
import { FeatureWarmingService } from './feature-warming.service';
import { FeaturesController } from './features.controller';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The feature store on the state connection, its metrics, health, warming queue and routes.
 * Other modules import this one and inject FEATURE_STORE (the domain port); warm sources
 * register with FeatureWarmingRegistry.
 */
@Module({
  imports: [BullModule.registerQueue({ name: QueueNames.featureWarming })],
  controllers: [FeaturesController],
  providers: [
    FeatureStoreMetrics,
    {
      provide: RedisFeatureStore,
      inject: [REDIS_STATE, APP_CONFIG, FeatureStoreMetrics],
      useFactory: async (redis: RedisClient, config: AppConfig, metrics: FeatureStoreMetrics) => {
        const store = new RedisFeatureStore({
          redis,
          retentionMs: config.featureCache.retentionDays * DAY_MS,
          l1MaxBytes: config.featureCache.l1MaxBytes,
          opTimeoutMs: config.featureCache.redisTimeoutMs,
          lockTtlMs: config.featureCache.lockTtlMs,
          observer: metrics,
        });
        await store.start();
        return store;
      },
    },
    { provide: FEATURE_STORE, useExisting: RedisFeatureStore },
    FeatureStoreHealth,
    FeatureWarmingRegistry,
    FeatureWarmingService,
    FeatureWarmingProcessor,
    FeatureWarmingMetrics,
    FeatureWarmingScheduler,
  ],
  exports: [FEATURE_STORE, RedisFeatureStore, FeatureStoreMetrics, FeatureWarmingRegistry],
})
export class FeatureStoreModule implements OnModuleDestroy {
  constructor(@Inject(RedisFeatureStore) private readonly store: RedisFeatureStore) {}

  // Before RedisModule closes the connections (it does so at application shutdown).
  async onModuleDestroy(): Promise<void> {
    await this.store.close();
  }
}
