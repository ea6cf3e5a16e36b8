import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsNumber,
  IsPositive,
  IsString,
  ValidateNested,
} from 'class-validator';
import { API_PREFIX } from '@ffe/contracts';

class ProbeLegDto {
  @IsString()
  asset_pair!: string;
}

class ProbeOrderDto {
  @IsIn(['BUY', 'SELL'])
  action!: string;

  @IsNumber()
  @IsPositive()
  size!: number;

  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => ProbeLegDto)
  legs!: ProbeLegDto[];
}

/** A gate the drain test holds a request on, to prove in-flight requests finish at shutdown. */
export class Gate {
  private release!: () => void;
  entered = false;
  readonly opened = new Promise<void>((resolve) => (this.release = resolve));
  open(): void {
    this.release();
  }
}

export const gate = { current: new Gate() };

/** Test-only routes mounted beside the real modules: the production pipes and guards apply. */
@Controller(`${API_PREFIX}/probe`)
class ProbeController {
  @Post('order')
  order(@Body() body: ProbeOrderDto) {
    return { accepted: body, sizeType: typeof body.size };
  }

  @Get('slow')
  async slow() {
    gate.current.entered = true;
    await gate.current.opened;
    return { done: true };
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
