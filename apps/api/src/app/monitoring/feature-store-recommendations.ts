import type { ComponentHealth } from '@ffe/contracts';
import { FEATURE_STORE_SLO, type FeatureStoreWindow } from './feature-store-window';

export interface RecommendationInput {
  window: FeatureStoreWindow;
  health: ComponentHealth;
  l1: { entries: number; bytes: number; maxBytes: number };
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;

/** Advice derived from the window's numbers: each line names the number and what to do. */
export function recommendations({ window, health, l1 }: RecommendationInput): string[] {
  const advice: string[] = [];
  const { latency } = window;
  const errors = Object.entries(window.errors).filter(([, n]) => n > 0);

  if (health.status !== 'healthy' || errors.length > 0) {
    const counted = errors.map(([op, n]) => `${op} ${n}`).join(', ') || 'none in the window';
    advice.push(
      `Redis trouble (${health.detail ?? health.status}; failed operations: ${counted}): requests are computed through, so the hit ratio drops. Check Redis (GET /health, redis-cli ping, INFO memory) — the store recovers by itself.`,
    );
  }
  if (window.hitRatio !== null && window.hitRatio < FEATURE_STORE_SLO.hitRatio) {
    const worst = [...window.bySymbol]
      .sort((a, b) => b.misses - a.misses)
      .slice(0, 3)
      .map((s) => s.symbol);
    advice.push(
      `Hit ratio ${pct(window.hitRatio)} is below the ${pct(FEATURE_STORE_SLO.hitRatio)} SLO: warm the symbols with the most misses (POST /api/v1/features/warm {"symbols": ${JSON.stringify(worst)}}), and check FEATURE_CACHE_RETENTION_DAYS and Redis evictions (INFO stats evicted_keys).`,
    );
  }
  const read = latency.read.p95_ms;
  if (read !== null && read > FEATURE_STORE_SLO.readP95Ms) {
    const l1Advice =
      l1.maxBytes === 0
        ? 'turn on the in-process cache (FEATURE_CACHE_L1_MAX_BYTES)'
        : l1.bytes >= 0.9 * l1.maxBytes
          ? `the in-process cache is full (${l1.bytes} of ${l1.maxBytes} bytes): raise FEATURE_CACHE_L1_MAX_BYTES`
          : 'more reads cannot come from the in-process cache: it is not full';
    advice.push(
      `Read p95 ${read} ms exceeds ${FEATURE_STORE_SLO.readP95Ms} ms: check Redis latency (redis-cli --latency) and the network to it; ${l1Advice}.`,
    );
  }
  const write = latency.write.p95_ms;
  if (write !== null && write > FEATURE_STORE_SLO.writeP95Ms) {
    advice.push(
      `Write p95 ${write} ms exceeds ${FEATURE_STORE_SLO.writeP95Ms} ms: check Redis SLOWLOG, memory pressure (maxmemory, volatile-lru evictions) and AOF fsync.`,
    );
  }
  const wait = latency.lockWait.p95_ms;
  if (wait !== null && wait > FEATURE_STORE_SLO.lockWaitP95Ms) {
    advice.push(
      `Lock wait p95 ${wait} ms exceeds ${FEATURE_STORE_SLO.lockWaitP95Ms} ms: requests wait for computes on other replicas (compute p95 ${latency.compute.p95_ms ?? '–'} ms). Warm the next bar ahead of the cycle, or make the computation cheaper.`,
    );
  }
  if (window.hits + window.misses === 0) {
    advice.push('No feature requests in the window: nothing to judge yet.');
  } else if (advice.length === 0) {
    advice.push('Every feature-store SLO is met: nothing to change.');
  }
  return advice;
}
