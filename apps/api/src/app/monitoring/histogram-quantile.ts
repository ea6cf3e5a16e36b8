/**
 * The q-quantile of a histogram from cumulative bucket counts, as PromQL's histogram_quantile
 * computes it: linear interpolation inside the bucket the rank falls in; the highest finite
 * bound when it falls past the last one; null without observations.
 */
export function histogramQuantile(
  q: number,
  bounds: readonly number[],
  cumulative: readonly number[],
  total: number,
): number | null {
  if (total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (let i = 0; i < bounds.length; i++) {
    if (cumulative[i] >= rank) {
      const inBucket = cumulative[i] - lowerCount;
      if (inBucket <= 0) return bounds[i];
      return lowerBound + (bounds[i] - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = bounds[i];
    lowerCount = cumulative[i];
  }
  return bounds[bounds.length - 1];
}
