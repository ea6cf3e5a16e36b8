import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsNumber,
  IsOptional,
  IsPositive,
  Matches,
  Max,
} from 'class-validator';

export const PAIR_PATTERN = /^[A-Z0-9]{3,16}$/;
export const PAIR_MESSAGE = 'must be a pair written like BTCUSD (3-16 characters A-Z 0-9)';

/** `POST /bot/start`. A field left out keeps the bot's current (or default) value. */
export class StartBotDto {
  @ApiPropertyOptional({ example: ['BTCUSD', 'ETHUSD'], maxItems: 50 })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(PAIR_PATTERN, { each: true, message: `each pair ${PAIR_MESSAGE}` })
  asset_pairs?: string[];

  @ApiPropertyOptional({ description: 'Execute orders (true) or only record proposals (false)' })
  @IsOptional()
  @IsBoolean()
  autonomous?: boolean;

  @ApiPropertyOptional({
    description: 'Take-profit distance, fraction of entry (0.05 = 5 %)',
    example: 0.05,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(10)
  take_profit?: number;

  @ApiPropertyOptional({
    description:
      'Stop-loss distance of new entries from their entry price, a fraction (0, 0.5]: 0.02 = ' +
      '2 %. The same setting as `stop_loss_pct` of PATCH /bot/config, which is in percent.',
    example: 0.02,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(0.5)
  stop_loss?: number;

  @ApiPropertyOptional({
    description: 'Decide and record, but let no order leave for the platform',
  })
  @IsOptional()
  @IsBoolean()
  dry_run?: boolean;
}
