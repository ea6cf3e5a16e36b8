/** Component status in GET /health, and its value in featurestore_health_check_status. */
export const HealthStatus = {
  healthy: 'healthy',
  degraded: 'degraded',
  unhealthy: 'unhealthy',
} as const;

export type HealthStatus = (typeof HealthStatus)[keyof typeof HealthStatus];

export const HealthStatusGaugeValue: Record<HealthStatus, number> = {
  healthy: 1,
  degraded: 0.5,
  unhealthy: 0,
};

export interface ComponentHealth {
  status: HealthStatus;
  detail?: string;
}

export interface HealthReport {
  status: HealthStatus;
  components: Record<string, ComponentHealth>;
}
