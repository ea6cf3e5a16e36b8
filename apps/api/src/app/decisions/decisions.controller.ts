import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '@ffe/contracts';
import type { Clock } from '@ffe/domain';
import { CLOCK } from '../trading-core/clock.token';
import { DecisionEngine } from '../trading-core/decision-engine.service';
import { DecisionLog } from '../trading-core/decision-log.repository';
import { MarketPrices } from '../trading-core/market-prices.service';
import { CreateDecisionDto } from './create-decision.dto';
import { decisionView } from './decision-view';
import { ListDecisionsQuery } from './list-decisions.query';

@ApiTags('decisions')
@Controller(`${API_PREFIX}/decisions`)
export class DecisionsController {
  constructor(
    private readonly engine: DecisionEngine,
    private readonly log: DecisionLog,
    private readonly prices: MarketPrices,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Decide now for a pair (recorded, never executed)' })
  async create(@Body() body: CreateDecisionDto) {
    this.prices.assertKnown([body.asset_pair], 'asset_pair');
    const decision = await this.engine.decide({
      pair: body.asset_pair,
      at: this.clock.now().getTime(),
      provider: body.provider,
      outcome: 'on_demand',
    });
    await this.log.record(decision);
    return decisionView(decision);
  }

  @Get()
  @ApiOperation({ summary: 'Recorded decisions, newest first (limit 1..100, default 10)' })
  async list(@Query() query: ListDecisionsQuery) {
    const decisions = await this.log.latest(query.limit ?? 10);
    return { decisions: decisions.map(decisionView), count: decisions.length };
  }
}
