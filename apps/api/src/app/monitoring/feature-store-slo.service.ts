import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RedisFeatureStore } from '@ffe/feature-store';
import {
  FeatureStoreMetrics,
  type FeatureStoreMetricsSnapshot,
} from '../feature-store/feature-store.metrics';
import { recommendations } from './feature-store-recommendations';
import { diffSnapshots, FEATURE_STORE_SLO, type FeatureStoreWindow } from './feature-store-window';

/** The SLOs are judged over the last five minutes, as the alert rules do. */
export const SLO_WINDOW_MS = 5 * 60_000;
const SNAPSHOT_EVERY_MS = 15_000;

/**
 * GET /slo and /performance from the live metrics: a snapshot of the counters and histograms
 * every 15 s, and the difference between now and the oldest snapshot inside the window — so the
 * numbers describe the last five minutes (or the life of the process, when it is younger).
 */
@Injectable()
export class FeatureStoreSloService implements OnModuleInit, OnModuleDestroy {
  private history: FeatureStoreMetricsSnapshot[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly metrics: FeatureStoreMetrics,
    @Inject(RedisFeatureStore) private readonly store: RedisFeatureStore,
  ) {}

  async onModuleInit(): Promise<void> {
    this.history.push(await this.metrics.snapshot());
    this.timer = setInterval(() => void this.record(), SNAPSHOT_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async slo() {
    const window = await this.window();
    const check = (
      current: number | null,
      threshold: number,
      atLeast: boolean,
      samples: number,
    ) => ({
      current,
      threshold,
      compliant: current === null || (atLeast ? current >= threshold : current <= threshold),
      samples,
    });
    const requests = window.hits + window.misses;
    const { read, write, lockWait } = window.latency;
    const slos = {
      hit_ratio: check(window.hitRatio, FEATURE_STORE_SLO.hitRatio, true, requests),
      read_p95_ms: check(read.p95_ms, FEATURE_STORE_SLO.readP95Ms, false, read.count),
      write_p95_ms: check(write.p95_ms, FEATURE_STORE_SLO.writeP95Ms, false, write.count),
      lock_wait_p95_ms: check(
        lockWait.p95_ms,
        FEATURE_STORE_SLO.lockWaitP95Ms,
        false,
        lockWait.count,
      ),
    };
    return {
      window_seconds: Math.round(window.seconds),
      compliant: Object.values(slos).every((slo) => slo.compliant),
      slos,
    };
  }

  async performance() {
    const [window, health, slo] = await Promise.all([
      this.window(),
      this.store.health(),
      this.slo(),
    ]);
    const l1 = this.store.l1Stats();
    const requests = window.hits + window.misses;
    const { read, write, lockAcquire, lockWait, compute } = window.latency;
    return {
      window_seconds: Math.round(window.seconds),
      health,
      slo_compliant: slo.compliant,
      requests: {
        total: requests,
        hits: window.hits,
        misses: window.misses,
        hit_ratio: window.hitRatio,
        per_second: window.seconds > 0 ? round(requests / window.seconds) : 0,
      },
      latency_ms: { read, write, lock_acquire: lockAcquire, lock_wait: lockWait, compute },
      errors: window.errors,
      warms: window.warms,
      l1: { entries: l1.entries, bytes: l1.bytes, max_bytes: l1.maxBytes },
      most_missed: [...window.bySymbol]
        .sort((a, b) => b.misses - a.misses)
        .slice(0, 5)
        .map((s) => ({ ...s, hit_ratio: s.hits / (s.hits + s.misses) })),
      recommendations: recommendations({ window, health, l1 }),
    };
  }

  private async window(): Promise<FeatureStoreWindow> {
    const now = await this.metrics.snapshot();
    const base = this.history.find((s) => now.at - s.at <= SLO_WINDOW_MS) ?? now;
    return diffSnapshots(now, base);
  }

  private async record(): Promise<void> {
    const snapshot = await this.metrics.snapshot();
    this.history = [...this.history.filter((s) => snapshot.at - s.at <= SLO_WINDOW_MS), snapshot];
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
