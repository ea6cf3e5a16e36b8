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
  @ApiOperation({ summary: 'Close a position at the market (404 unknown, 409 already closed)' })
  close(@Param('id') id: string) {
    if (!ID_PATTERN.test(id))
      throw new InvalidInputError('POSITION.ID', 'malformed position id', 'id');
    return this.positions.close(id);
  }

  @Post('manual-trade')
  @ApiOperation({ summary: 'Place a market or limit order by hand (409 while emergency-stopped)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retries with the same key trade once',
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
