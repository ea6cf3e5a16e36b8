import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '@ffe/contracts';
import { FeatureStoreSloService } from './feature-store-slo.service';
import { LoadTestDto } from './load-test.dto';
import { LoadTestService } from './load-test.service';

/** The feature store's SLO view, performance summary and a bounded load test. */
@ApiTags('monitoring')
@Controller(`${API_PREFIX}/monitoring`)
export class FeatureStoreMonitoringController {
  constructor(
    private readonly slos: FeatureStoreSloService,
    private readonly loadTest: LoadTestService,
  ) {}

  @Get('slo')
  @ApiOperation({
    summary:
      'Hit ratio, read / write / lock-wait p95 over the last 5 minutes, each with its threshold',
  })
  slo() {
    return this.slos.slo();
  }

  @Get('performance')
  @ApiOperation({ summary: 'Feature-store summary over the last 5 minutes, with recommendations' })
  performance() {
    return this.slos.performance();
  }

  @Post('test/load')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Load the feature store (separate key space): latency percentiles and ops/s; 409 while one runs',
  })
  load(@Body() body: LoadTestDto) {
    return this.loadTest.run({
      workers: body.workers,
      durationSeconds: body.duration_seconds,
      symbol: body.symbol ?? 'LOADTEST',
    });
  }
}
