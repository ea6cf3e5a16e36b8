import { Module, type DynamicModule, type ForwardReference, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { BotControlModule } from './app/bot-control/bot-control.module';
import { DecisionsModule } from './app/decisions/decisions.module';
import { FeatureStoreModule } from './app/feature-store/feature-store.module';
import { PortfolioModule } from './app/portfolio/portfolio.module';
import { PositionsModule } from './app/positions/positions.module';
import { TradingCoreModule } from './app/trading-core/trading-core.module';
import { TradingCycleModule } from './app/trading-cycle/trading-cycle.module';
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
import { rateLimitModule } from './services/rate-limit/rate-limit.module';
import { RedisModule } from './services/redis/redis.module';

export type ModuleImport = Type | DynamicModule | ForwardReference;

/** The composition root: it only wires modules together, from a config validated beforehand. */
@Module({})
export class AppModule {
  /** `extra` lets a test mount its own probe controllers beside the real modules. */
  static forRoot(config: AppConfig, extra: ModuleImport[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule,
        LifecycleModule,
        RedisModule,
        QueueModule,
        rateLimitModule(config.http.rateLimitPerMinute),
        HealthModule,
        MonitoringModule,
        FeatureStoreModule,
        TradingCoreModule,
        BotControlModule,
        PositionsModule,
        DecisionsModule,
        PortfolioModule,
        TradingCycleModule,
        ...extra,
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
