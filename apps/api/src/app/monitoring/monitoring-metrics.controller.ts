import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '@ffe/contracts';
import type { FastifyReply } from 'fastify';
import { register } from 'prom-client';

/**
 * The Prometheus exposition under /api/v1/monitoring, behind the API key like every /api/v1
 * route: the very registry the open GET /metrics (for Prometheus) serves, for operators and
 * tools that only hold the API's base URL and key.
 */
@ApiTags('monitoring')
@Controller(`${API_PREFIX}/monitoring`)
export class MonitoringMetricsController {
  @Get('metrics')
  @ApiOperation({
    summary: 'Prometheus metrics (text exposition), the same registry as the open GET /metrics',
  })
  @ApiProduces(register.contentType)
  @ApiOkResponse({ schema: { type: 'string' }, description: 'Prometheus text format' })
  async metrics(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    reply.header('Content-Type', register.contentType);
    return register.metrics();
  }
}
