import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { FeatureStoreModule } from './app/feature-store/feature-store.module';
import { HealthModule } from './app/health/health.module';
import { MonitoringModule } from './app/monitoring/monitoring.module';
import { ApiExceptionFilter } from './common/http/api-exception.filter';
import { ApiKeyGuard } from './common/http/api-key.guard';
import { ApiThrottlerGuard } from './common/http/api-throttler.guard';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { LifecycleModule } from './services/lifecycle/lifecycle.module';
import { LoggerModule } from './services/logger/logger.module';
import { QueueModule } from './services/queue/queue.module';
import { RedisModule } from './services/redis/redis.module';

/** The composition root: it only wires modules together, from a config validated beforehand. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule,
        LifecycleModule,
        RedisModule,
        QueueModule,
        ThrottlerModule.forRoot([{ ttl: 60_000, limit: config.http.rateLimitPerMinute }]),
        HealthModule,
        MonitoringModule,
        FeatureStoreModule,
      ],
      providers: [
        // Throttle before auth, so guessing keys is rate limited too.
        { provide: APP_GUARD, useClass: ApiThrottlerGuard },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
