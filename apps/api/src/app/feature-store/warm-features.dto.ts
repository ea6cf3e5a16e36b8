import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsString,
  Matches,
} from 'class-validator';

/** The symbols the store accepts: the characters its keys can hold. */
export const SYMBOL_PATTERN = /^[A-Za-z0-9._/-]{1,32}$/;
export const MAX_WARM_SYMBOLS = 100;

export class WarmFeaturesDto {
  @ApiProperty({ example: ['BTCUSD', 'ETHUSD'], maxItems: MAX_WARM_SYMBOLS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_WARM_SYMBOLS)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(SYMBOL_PATTERN, {
    each: true,
    message: 'each symbol must be 1-32 characters of A-Z a-z 0-9 . _ / -',
  })
  symbols!: string[];
}
