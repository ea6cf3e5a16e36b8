import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthStatus, type ComponentHealth } from '@ffe/contracts';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { pingWithin, type RedisClient } from '../../services/redis/redis-client.factory';
import { REDIS_QUEUE, REDIS_STATE } from '../../services/redis/redis.tokens';
import type { ComponentHealthCheck } from './component-health';
import { HealthRegistry } from './health-registry';

/** A PING slower than this still works but is worth showing: the store is degraded. */
const SLOW_PING_MS = 250;

abstract class RedisConnectionHealth implements ComponentHealthCheck, OnModuleInit {
  abstract readonly component: string;

  constructor(
    private readonly client: RedisClient,
    private readonly registry: HealthRegistry,
    private readonly timeoutMs: number,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async check(): Promise<ComponentHealth> {
    try {
      const ms = await pingWithin(this.client, this.timeoutMs);
      const status = ms > SLOW_PING_MS ? HealthStatus.degraded : HealthStatus.healthy;
      return { status, detail: `PING ${ms.toFixed(1)} ms` };
    } catch (error) {
      return { status: HealthStatus.unhealthy, detail: (error as Error).message };
    }
  }
}

/** The state connection: bot, positions, ledger and cache all depend on it. */
@Injectable()
export class RedisHealth extends RedisConnectionHealth {
  readonly component = 'redis';
  constructor(
    @Inject(REDIS_STATE) client: RedisClient,
    registry: HealthRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(client, registry, config.readinessTimeoutMs);
  }
}

/** BullMQ's connection: without it no trading cycle or warming job runs. */
@Injectable()
export class QueueHealth extends RedisConnectionHealth {
  readonly component = 'queue';
  constructor(
    @Inject(REDIS_QUEUE) client: RedisClient,
    registry: HealthRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(client, registry, config.readinessTimeoutMs);
  }
}
