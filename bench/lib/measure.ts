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
 * Runs two measurements in alternating rounds, so drift (GC, CPU frequency, a noisy neighbour)
 * hits both alike: a benchmark and its baseline are compared under the same conditions.
 */
export async function interleaved(
  rounds: number,
  perRound: number,
  a: (i: number) => unknown,
  b: (i: number) => unknown,
): Promise<[number[], number[]]> {
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  for (let r = 0; r < rounds; r++) {
    samplesA.push(
      ...(await timeEach(perRound, (i) => a(r * perRound + i), r === 0 ? undefined : 50)),
    );
    samplesB.push(
      ...(await timeEach(perRound, (i) => b(r * perRound + i), r === 0 ? undefined : 50)),
    );
  }
  return [samplesA, samplesB];
}
