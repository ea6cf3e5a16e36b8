import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '@ffe/contracts';
import { RedisFeatureStore, type SymbolFeatureStats } from '@ffe/feature-store';
import { FeatureWarmingService } from './feature-warming.service';
import { WarmFeaturesDto } from './warm-features.dto';

@ApiTags('features')
@Controller(`${API_PREFIX}/features`)
export class FeaturesController {
  constructor(
    @Inject(RedisFeatureStore) private readonly store: RedisFeatureStore,
    private readonly warming: FeatureWarmingService,
  ) {}

  @Post('warm')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Queue warming jobs; a symbol already queued or running is not queued twice',
  })
  async warm(@Body() body: WarmFeaturesDto) {
    return { queued: await this.warming.enqueue(body.symbols) };
  }

  @Get('stats')
  @ApiOperation({
    summary: 'Per symbol: entries, bytes, hits, misses, hit ratio (over every replica)',
  })
  async stats() {
    const symbols = await this.store.stats();
    const totals = symbols.reduce(
      (sum, s) => ({
        entries: sum.entries + s.entries,
        bytes: sum.bytes + s.bytes,
        hits: sum.hits + s.hits,
        misses: sum.misses + s.misses,
        warms: sum.warms + s.warms,
      }),
      { entries: 0, bytes: 0, hits: 0, misses: 0, warms: 0 },
    );
    const l1 = this.store.l1Stats();
    return {
      symbols: symbols.map(toBody),
      totals: { ...totals, hit_ratio: ratio(totals.hits, totals.misses) },
      l1: { entries: l1.entries, bytes: l1.bytes, max_bytes: l1.maxBytes },
    };
  }
}

function toBody(s: SymbolFeatureStats) {
  return {
    symbol: s.symbol,
    entries: s.entries,
    bytes: s.bytes,
    hits: s.hits,
    misses: s.misses,
    warms: s.warms,
    hit_ratio: s.hitRatio,
    first_bar_at: iso(s.firstBarAt),
    last_bar_at: iso(s.lastBarAt),
    oldest_entry_at: iso(s.oldestEntryAt),
    newest_entry_at: iso(s.newestEntryAt),
  };
}

function ratio(hits: number, misses: number): number | null {
  return hits + misses === 0 ? null : hits / (hits + misses);
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
