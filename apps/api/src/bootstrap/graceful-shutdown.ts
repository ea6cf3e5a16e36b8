import type { INestApplication } from '@nestjs/common';
import type { LifecycleService } from '../services/lifecycle/lifecycle.service';

export interface ShutdownDeps {
  app: Pick<INestApplication, 'close'>;
  lifecycle: Pick<LifecycleService, 'markStopping'>;
  timeoutMs: number;
  log: (message: string, fields?: Record<string, unknown>) => void;
  exit: (code: number) => void;
}

/**
 * SIGTERM/SIGINT: readiness turns 503 at once, then the app closes — the server stops taking
 * connections and lets in-flight requests finish, queue workers finish their active jobs, Redis
 * is closed last. If that takes longer than the bound, the process exits anyway with code 1:
 * an orchestrator's SIGKILL would come next, and a clean exit code must mean a clean drain.
 */
export function createShutdown(deps: ShutdownDeps): (signal: string) => Promise<void> {
  let started = false;
  return async (signal: string) => {
    if (started) return;
    started = true;
    deps.lifecycle.markStopping();
    deps.log('shutdown started', { signal, timeoutMs: deps.timeoutMs });
    const timer = setTimeout(() => {
      deps.log('shutdown timed out; exiting', { timeoutMs: deps.timeoutMs });
      deps.exit(1);
    }, deps.timeoutMs);
    timer.unref();
    try {
      await deps.app.close();
      clearTimeout(timer);
      deps.log('shutdown complete');
      deps.exit(0);
    } catch (error) {
      clearTimeout(timer);
      deps.log('shutdown failed', { error: (error as Error).message });
      deps.exit(1);
    }
  };
}
