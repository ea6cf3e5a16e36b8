import type { FeatureStoreObserver } from '../feature-store.observer';

/** An observer that remembers everything, for assertions. */
export class RecordingObserver implements FeatureStoreObserver {
  readonly hits = new Map<string, number>();
  readonly misses = new Map<string, number>();
  readonly errors = new Map<string, number>();
  readonly warms = new Map<string, number>();
  readonly durations = {
    read: [] as number[],
    write: [] as number[],
    lockAcquire: [] as number[],
    lockWait: [] as number[],
    compute: [] as number[],
  };

  hit(symbol: string): void {
    bump(this.hits, symbol);
  }
  miss(symbol: string): void {
    bump(this.misses, symbol);
  }
  error(op: string): void {
    bump(this.errors, op);
  }
  warm(result: string): void {
    bump(this.warms, result);
  }
  readDuration(seconds: number): void {
    this.durations.read.push(seconds);
  }
  writeDuration(seconds: number): void {
    this.durations.write.push(seconds);
  }
  lockAcquireDuration(seconds: number): void {
    this.durations.lockAcquire.push(seconds);
  }
  lockWaitDuration(seconds: number): void {
    this.durations.lockWait.push(seconds);
  }
  computeDuration(seconds: number): void {
    this.durations.compute.push(seconds);
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
