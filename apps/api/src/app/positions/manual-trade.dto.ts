import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsPositive, IsString, Matches } from 'class-validator';
import { PAIR_MESSAGE, PAIR_PATTERN } from '../bot-control/start-bot.dto';

const finite = { allowNaN: false, allowInfinity: false };

/** `POST /bot/manual-trade`. Prices are absolute, in the quote currency. */
export class ManualTradeDto {
  @ApiProperty({ example: 'BTCUSD' })
  @Matches(PAIR_PATTERN, { message: `asset_pair ${PAIR_MESSAGE}` })
  asset_pair!: string;

  @ApiProperty({ enum: ['BUY', 'SELL'] })
  @IsIn(['BUY', 'SELL'], { message: 'action must be BUY or SELL' })
  action!: 'BUY' | 'SELL';

  @ApiProperty({ description: 'Units of the base asset, > 0', example: 0.01 })
  @IsNumber(finite)
  @IsPositive()
  size!: number;

  @ApiPropertyOptional({ description: 'Limit price; absent: a market order' })
  @IsOptional()
  @IsNumber(finite)
  @IsPositive()
  price?: number;

  @ApiPropertyOptional({ description: 'Stop-loss price' })
  @IsOptional()
  @IsNumber(finite)
  @IsPositive()
  stop_loss?: number;

  @ApiPropertyOptional({ description: 'Take-profit price' })
  @IsOptional()
  @IsNumber(finite)
  @IsPositive()
  take_profit?: number;

  @ApiPropertyOptional({
    description:
      'A limit order not filled by then is dropped (ISO-8601 with offset, in the future, at most PENDING_ORDER_MAX_TTL_SECONDS ahead); absent: PENDING_ORDER_TTL_SECONDS',
    example: '2026-01-02T00:00:00Z',
  })
  @IsOptional()
  @IsString({ message: 'expires_at must be an ISO-8601 timestamp' })
  expires_at?: string;
}
