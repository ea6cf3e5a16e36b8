import { Injectable } from '@nestjs/common';
import { HealthStatus, type ComponentHealth, type HealthReport } from '@ffe/contracts';
import type { ComponentHealthCheck } from './component-health';

const SEVERITY: Record<HealthStatus, number> = { healthy: 0, degraded: 1, unhealthy: 2 };
const CHECK_TIMEOUT_MS = 2_000;

/** Collects every component's check and reduces them to one report; the worst status wins. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, ComponentHealthCheck>();

  register(check: ComponentHealthCheck): void {
    this.checks.set(check.component, check);
  }

  async report(): Promise<HealthReport> {
    const entries = await Promise.all(
      [...this.checks.values()].map(
        async (check) => [check.component, await runBounded(check)] as const,
      ),
    );
    const components = Object.fromEntries(entries);
    const status = entries.reduce<HealthStatus>(
      (worst, [, health]) => (SEVERITY[health.status] > SEVERITY[worst] ? health.status : worst),
      HealthStatus.healthy,
    );
    return { status, components };
  }
}

async function runBounded(check: ComponentHealthCheck): Promise<ComponentHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ComponentHealth>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          status: HealthStatus.unhealthy,
          detail: `no answer within ${CHECK_TIMEOUT_MS} ms`,
        }),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      check.check().catch((error: unknown) => ({
        status: HealthStatus.unhealthy,
        detail: error instanceof Error ? error.message : String(error),
      })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
