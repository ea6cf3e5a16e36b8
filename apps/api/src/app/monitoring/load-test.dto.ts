import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { SYMBOL_PATTERN } from '../feature-store/warm-features.dto';

export const MAX_LOAD_WORKERS = 16;
export const MAX_LOAD_SECONDS = 30;

export class LoadTestDto {
  @ApiProperty({ minimum: 1, maximum: MAX_LOAD_WORKERS, example: 4 })
  @IsInt()
  @Min(1)
  @Max(MAX_LOAD_WORKERS)
  workers!: number;

  @ApiProperty({ minimum: 0.1, maximum: MAX_LOAD_SECONDS, example: 5 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(MAX_LOAD_SECONDS)
  duration_seconds!: number;

  @ApiProperty({ required: false, default: 'LOADTEST', example: 'LOADTEST' })
  @IsOptional()
  @Matches(SYMBOL_PATTERN, { message: 'must be 1-32 characters of A-Z a-z 0-9 . _ / -' })
  symbol?: string;
}
