import { createHash } from 'node:crypto';
import type { FeatureConfig, FeatureFrame } from '@ffe/domain';
import { syntheticCandles, syntheticFeatures } from '../synthetic';

export const candleFrame = syntheticCandles;
export const computeFeatures = syntheticFeatures;

export const FEATURE_CONFIG: FeatureConfig = { version: 1, sma: [10, 20], ema: [12, 26], rsi: 14 };

/** A digest of every value of a feature frame, to compare results exactly across processes. */
export function fingerprint(frame: FeatureFrame): string {
  const digest = createHash('sha256').update(String(frame.length));
  for (const name of Object.keys(frame.columns).sort()) {
    digest
      .update(name)
      .update(
        new Uint8Array(
          frame.columns[name].buffer,
          frame.columns[name].byteOffset,
          frame.columns[name].byteLength,
        ),
      );
  }
  return digest.digest('hex').slice(0, 16);
}
