import { Module } from '@nestjs/common';
import { IdempotencyFingerprints } from './idempotency-fingerprints';
import { PositionsController } from './positions.controller';
import { PositionsService } from './positions.service';

@Module({
  controllers: [PositionsController],
  providers: [PositionsService, IdempotencyFingerprints],
})
export class PositionsModule {}
