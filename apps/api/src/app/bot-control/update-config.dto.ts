import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, IsPositive, Max, Min } from 'class-validator';

/** `PATCH /bot/config`: risk settings, each within its bounds. */
export class UpdateConfigDto {
  @ApiPropertyOptional({
    description: 'Most of the portfolio one trade may lose at its stop, percent (0-50]',
    example: 2,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(50)
  stop_loss_pct?: number;

  @ApiPropertyOptional({
    description: 'Notional of a new position, percent of portfolio (0-100]',
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
