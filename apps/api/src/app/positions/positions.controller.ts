import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '@ffe/contracts';
import { InvalidInputError } from '@ffe/domain';
import { ManualTradeDto } from './manual-trade.dto';
import { PositionsService } from './positions.service';

const ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

@ApiTags('positions')
@Controller(`${API_PREFIX}/bot`)
export class PositionsController {
  constructor(private readonly positions: PositionsService) {}

  @Get('positions')
  @ApiOperation({ summary: 'Open positions at the current price' })
  list() {
    return this.positions.list();
  }

  @Post('positions/:id/close')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Close a position at the market (404 unknown, 409 already closed)',
    description:
      'Closes at most once: a repeated or concurrent close is a 409 POSITION.CLOSED whose ' +
      'message says how, when and at what P&L the position was closed.',
  })
  close(@Param('id') id: string) {
    if (!ID_PATTERN.test(id))
      throw new InvalidInputError('POSITION.ID', 'malformed position id', 'id');
    return this.positions.close(id);
  }

  @Post('manual-trade')
  @ApiOperation({
    summary: 'Place a market or limit order by hand (409 while emergency-stopped)',
    description:
      'Send an Idempotency-Key to make retries safe: every request with the same key gets the ' +
      "first request's answer (replayed: true), never a second trade, whatever the bot's mode " +
      'or an emergency stop since (a key first answered dry_run stays a dry run). Without the header each ' +
      'request is a new order, so a retried request trades again.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Names this trade (1-128 of A-Z a-z 0-9 . _ : -). Requests with the same key place one ' +
      'order; the others answer it with replayed: true; the same key with another body is a ' +
      '400. Absent: a new order per request. ' +
      'ffe-ctl trade always sends one.',
  })
  manualTrade(@Body() body: ManualTradeDto, @Headers('idempotency-key') key?: string) {
    if (key !== undefined && !KEY_PATTERN.test(key)) {
      throw new InvalidInputError(
        'ORDER.IDEMPOTENCY_KEY',
        'Idempotency-Key must be 1-128 of A-Z a-z 0-9 . _ : -',
        'Idempotency-Key',
      );
    }
    return this.positions.manualTrade(body, key);
  }
}
