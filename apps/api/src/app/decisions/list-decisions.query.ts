import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_DECISIONS_LIMIT = 100;

export class ListDecisionsQuery {
  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: MAX_DECISIONS_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(MAX_DECISIONS_LIMIT)
  limit?: number;
}
