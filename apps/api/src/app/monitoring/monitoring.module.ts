import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { FeatureStoreModule } from '../feature-store/feature-store.module';
import { FeatureStoreMonitoringController } from './feature-store-monitoring.controller';
import { FeatureStoreSloService } from './feature-store-slo.service';
import { HealthStatusMetric } from './health-status.metric';
import { LoadTestService } from './load-test.service';
import { MonitoringFiles } from './monitoring-files';
import { MonitoringFilesController } from './monitoring-files.controller';
import { MonitoringMetricsController } from './monitoring-metrics.controller';

/**
 * GET /metrics (open, like the probes) with the Node process defaults and our own families;
 * under /api/v1/monitoring: the same registry at /metrics, the rule groups and dashboards the
 * stack is provisioned from, and the feature store's SLO, performance and load-test routes.
 */
@Module({
  imports: [
    PrometheusModule.register({ path: '/metrics', defaultMetrics: { enabled: true } }),
    FeatureStoreModule,
  ],
  controllers: [
    MonitoringFilesController,
    FeatureStoreMonitoringController,
    MonitoringMetricsController,
  ],
  providers: [
    HealthStatusMetric,
    FeatureStoreSloService,
    LoadTestService,
    { provide: MonitoringFiles, useFactory: () => new MonitoringFiles() },
  ],
})
export class MonitoringModule implements OnApplicationShutdown {
  // prom-client's registry is process-wide: clear it so a new app in the same process
  // (tests, a restart in place) can register its metrics again.
  onApplicationShutdown(): void {
    register.clear();
  }
}
