import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { API_PREFIX, HealthStatus, type HealthReport } from '@ffe/contracts';
import type { FastifyReply } from 'fastify';
import { LifecycleService } from '../../services/lifecycle/lifecycle.service';
import { HealthRegistry } from './health-registry';
import { RedisHealth } from './redis.health';

/**
 * Probes. /live checks nothing external (a Redis outage must not get the pod restarted);
 * /ready checks the phase and Redis (traffic stops while starting, stopping or cut off);
 * /health reports every component. Each is also served under /api/v1/monitoring.
 */
@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly lifecycle: LifecycleService,
    private readonly redis: RedisHealth,
    private readonly registry: HealthRegistry,
  ) {}

  @Get(['live', `${API_PREFIX}/monitoring/health/live`])
  @ApiOperation({ summary: 'Liveness: the process answers (no dependency checks)' })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get(['ready', `${API_PREFIX}/monitoring/health/ready`])
  @ApiOperation({ summary: 'Readiness: started, not shutting down, Redis answering in time' })
  @HealthCheck()
  ready() {
    return this.health.check([() => this.phase(), () => this.redisReachable()]);
  }

  @Get(['health', `${API_PREFIX}/monitoring/health`])
  @ApiOperation({
    summary: 'Every component with healthy | degraded | unhealthy; 503 when unhealthy',
  })
  @HttpCode(HttpStatus.OK)
  async full(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.registry.report();
    if (report.status === HealthStatus.unhealthy) void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  private phase() {
    const indicator = this.indicators.check('lifecycle');
    const phase = this.lifecycle.phase;
    return phase === 'ready' ? indicator.up({ phase }) : indicator.down({ phase });
  }

  private async redisReachable() {
    const indicator = this.indicators.check('redis');
    const result = await this.redis.check();
    return result.status === HealthStatus.unhealthy
      ? indicator.down({ detail: result.detail })
      : indicator.up({ detail: result.detail });
  }
}
