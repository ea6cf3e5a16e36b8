import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ComponentHealth } from '@ffe/contracts';
import { RedisFeatureStore } from '@ffe/feature-store';
import type { ComponentHealthCheck } from '../health/component-health';
import { HealthRegistry } from '../health/health-registry';

/**
 * `feature_store` in /health: healthy, or degraded while Redis is unreachable — the store then
 * computes every request itself, so it is never unhealthy.
 */
@Injectable()
export class FeatureStoreHealth implements ComponentHealthCheck, OnModuleInit {
  readonly component = 'feature_store';

  constructor(
    @Inject(RedisFeatureStore) private readonly store: RedisFeatureStore,
    private readonly registry: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  check(): Promise<ComponentHealth> {
    return this.store.health();
  }
}
