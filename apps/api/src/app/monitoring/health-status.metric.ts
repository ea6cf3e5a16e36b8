import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HealthStatusGaugeValue, MetricNames } from '@ffe/contracts';
import { Gauge, register } from 'prom-client';
import { HealthRegistry } from '../health/health-registry';

/**
 * featurestore_health_check_status{component}: 1 healthy, 0.5 degraded, 0 down. Computed at
 * scrape time from the same checks as /health, so the metric and the endpoint never disagree.
 */
@Injectable()
export class HealthStatusMetric implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly registry: HealthRegistry) {}

  onModuleInit(): void {
    const healthRegistry = this.registry;
    register.removeSingleMetric(MetricNames.featureStoreHealthCheckStatus);
    new Gauge({
      name: MetricNames.featureStoreHealthCheckStatus,
      help: 'Component health: 1 healthy, 0.5 degraded, 0 down',
      labelNames: ['component'],
      async collect() {
        const report = await healthRegistry.report();
        this.reset();
        for (const [component, health] of Object.entries(report.components)) {
          this.set({ component }, HealthStatusGaugeValue[health.status]);
        }
      },
    });
  }

  onModuleDestroy(): void {
    register.removeSingleMetric(MetricNames.featureStoreHealthCheckStatus);
  }
}
