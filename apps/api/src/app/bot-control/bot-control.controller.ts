import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '@ffe/contracts';
import { BotControlService } from './bot-control.service';
import { BotStatusService } from './bot-status.service';
import { EmergencyStopQuery } from './emergency-stop.query';
import { StartBotDto } from './start-bot.dto';
import { UpdateConfigDto } from './update-config.dto';

@ApiTags('bot')
@Controller(`${API_PREFIX}/bot`)
export class BotControlController {
  constructor(
    private readonly control: BotControlService,
    private readonly status: BotStatusService,
  ) {}

  @Post('start')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Start the bot (idempotent); 409 naming the parameters if running with others',
  })
  start(@Body() body: StartBotDto) {
    return this.control.start(body);
  }

  @Post('stop')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stop the bot (idempotent; an emergency stop stays latched)' })
  stop() {
    return this.control.stop();
  }

  @Post('emergency-stop')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Halt at once and latch; close_positions=true also closes each position',
  })
  emergencyStop(@Query() query: EmergencyStopQuery) {
    return this.control.emergencyStop(query.close_positions === 'true');
  }

  @Get('status')
  @ApiOperation({ summary: 'State, uptime, trades, positions, value, daily P&L, config' })
  getStatus() {
    return this.status.status();
  }

  @Patch('config')
  @ApiOperation({ summary: 'Change risk settings (persisted and audited)' })
  updateConfig(@Body() body: UpdateConfigDto) {
    return this.control.updateConfig(body);
  }
}
