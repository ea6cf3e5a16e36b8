import { Module } from '@nestjs/common';
import { BotStateStore } from './bot-state.store';

@Module({ providers: [BotStateStore], exports: [BotStateStore] })
export class BotStateModule {}
