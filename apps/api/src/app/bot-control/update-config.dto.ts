import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, IsPositive, Max, Min } from 'class-validator';

/** `PATCH /bot/config`: risk settings, each within its bounds. */
export class UpdateConfigDto {
  @ApiPropertyOptional({
    description:
      'Stop-loss distance of new entries from their entry price, in percent (0-50]: 2 = a stop ' +
      '2 % from entry. The same setting as `stop_loss` of POST /bot/start, which is a fraction ' +
      '(2 here = 0.02 there); status shows both. Open positions keep their stops.',
    example: 2,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(50)
  stop_loss_pct?: number;

  @ApiPropertyOptional({
    description:
      'Notional of a new position, percent of portfolio value (0-100], capped by free cash: ' +
      'the sizing rule',
    example: 10,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(100)
  position_size_pct?: number;

  @ApiPropertyOptional({ description: 'Minimum decision confidence to act on, 0..1', example: 0.6 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  confidence_threshold?: number;

  @ApiPropertyOptional({ description: 'Open positions at most, 1..100', example: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  max_concurrent_trades?: number;
}
