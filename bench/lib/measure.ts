/** Latency samples in microseconds and their summary: what every benchmark reports. */
export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export function summarize(samplesUs: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samplesUs).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), mean };
}

/** Times each of `n` calls of `op` (after `warmup` untimed ones), in microseconds. */
export async function timeEach(
  n: number,
  op: (i: number) => unknown,
  warmup = Math.min(1_000, n),
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await op(i);
  const samples = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const started = process.hrtime.bigint();
    await op(i);
    samples[i] = Number(process.hrtime.bigint() - started) / 1_000;
  }
  return samples;
}

/** Mean cost of one synchronous call, in microseconds, from batches (per-call timing would dominate). */
export function timeBatch(n: number, op: (i: number) => void, batches = 20): number[] {
  const perBatch = Math.ceil(n / batches);
  for (let i = 0; i < perBatch; i++) op(i);
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) op(b * perBatch + i);
    means.push(Number(process.hrtime.bigint() - started) / 1_000 / perBatch);
  }
  return means;
}

/**
 * Times two operations in alternating blocks of `block` calls, so drift (GC, CPU frequency, a
 * noisy neighbour) hits both alike, while each block still pays for its own garbage.
 */
export async function interleaved(
  n: number,
  a: (i: number) => unknown,
  b: (i: number) => unknown,
  block = 100,
): Promise<[number[], number[]]> {
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  for (let done = 0; done < n; done += block) {
    const warmup = done === 0 ? Math.min(1_000, n) : 0;
    samplesA.push(...(await timeEach(block, (i) => a(done + i), warmup)));
    samplesB.push(...(await timeEach(block, (i) => b(done + i), warmup)));
  }
  return [samplesA, samplesB];
}
