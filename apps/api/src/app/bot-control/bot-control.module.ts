import { Module } from '@nestjs/common';
import { BotControlController } from './bot-control.controller';
import { BotControlService } from './bot-control.service';
import { BotStatusService } from './bot-status.service';

@Module({
  controllers: [BotControlController],
  providers: [BotControlService, BotStatusService],
})
export class BotControlModule {}
