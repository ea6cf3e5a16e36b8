import { Injectable } from '@nestjs/common';

export type LifecyclePhase = 'starting' | 'ready' | 'stopping';

/**
 * Where the process is in its life. Readiness answers 503 unless `ready`, so a load balancer
 * stops sending traffic before the server stops taking it.
 */
@Injectable()
export class LifecycleService {
  private current: LifecyclePhase = 'starting';

  get phase(): LifecyclePhase {
    return this.current;
  }

  markReady(): void {
    if (this.current === 'starting') this.current = 'ready';
  }

  markStopping(): void {
    this.current = 'stopping';
  }
}
