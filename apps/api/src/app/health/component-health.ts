import type { ComponentHealth } from '@ffe/contracts';

/**
 * One part of the system that can say how it is. Modules register theirs with the
 * HealthRegistry; /health and featurestore_health_check_status report all of them.
 */
export interface ComponentHealthCheck {
  readonly component: string;
  check(): Promise<ComponentHealth>;
}
