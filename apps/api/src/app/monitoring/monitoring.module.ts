import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { HealthStatusMetric } from './health-status.metric';

/** GET /metrics (open, like the probes) with the Node process defaults and our own families. */
@Module({
  imports: [PrometheusModule.register({ path: '/metrics', defaultMetrics: { enabled: true } })],
  providers: [HealthStatusMetric],
})
export class MonitoringModule implements OnApplicationShutdown {
  // prom-client's registry is process-wide: clear it so a new app in the same process
  // (tests, a restart in place) can register its metrics again.
  onApplicationShutdown(): void {
    register.clear();
  }
}
