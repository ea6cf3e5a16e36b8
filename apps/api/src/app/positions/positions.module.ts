import { Module } from '@nestjs/common';
import { IdempotencyRecords } from './idempotency-records';
import { PositionsController } from './positions.controller';
import { PositionsService } from './positions.service';

@Module({
  controllers: [PositionsController],
  providers: [PositionsService, IdempotencyRecords],
})
export class PositionsModule {}
