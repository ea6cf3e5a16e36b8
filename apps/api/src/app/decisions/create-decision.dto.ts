import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { PAIR_MESSAGE, PAIR_PATTERN } from '../bot-control/start-bot.dto';

/** `POST /decisions`. */
export class CreateDecisionDto {
  @ApiProperty({ example: 'BTCUSD' })
  @Matches(PAIR_PATTERN, { message: `asset_pair ${PAIR_MESSAGE}` })
  asset_pair!: string;

  @ApiPropertyOptional({
    description:
      'ensemble (default), sma_crossover, ema_crossover, rsi_mean_reversion, macd_momentum',
  })
  @IsOptional()
  @Matches(/^[a-z_]{1,40}$/, { message: 'provider must be a provider name like ensemble' })
  provider?: string;

  @ApiPropertyOptional({ description: 'Accepted; no sentiment source is configured yet' })
  @IsOptional()
  @IsBoolean()
  include_sentiment?: boolean;

  @ApiPropertyOptional({ description: 'Accepted; no macro source is configured yet' })
  @IsOptional()
  @IsBoolean()
  include_macro?: boolean;
}
