import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueNames } from '@ffe/contracts';
import { TradingCycleProcessor } from './trading-cycle.processor';
import { TradingCycleMetrics } from './trading-cycle.metrics';
import { TradingCycleScheduler } from './trading-cycle.scheduler';
import { TradingCycleService } from './trading-cycle.service';

@Module({
  imports: [BullModule.registerQueue({ name: QueueNames.tradingCycle })],
  providers: [
    TradingCycleService,
    TradingCycleScheduler,
    TradingCycleProcessor,
    TradingCycleMetrics,
  ],
  exports: [TradingCycleService],
})
export class TradingCycleModule {}
