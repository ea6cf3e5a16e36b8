import { decodeFeatures, encodeFeatures } from './feature-codec';
import { candleFrame, computeFeatures } from './test/fixtures';

describe('feature encoding', () => {
  it('round-trips every value bit for bit, NaN included, column-major', () => {
    const frame = computeFeatures(candleFrame('BTCUSD', 500));
    const encoded = encodeFeatures(frame);
    // 13 columns × 500 float64 and a small header: binary, not JSON rows.
    expect(encoded.byteLength).toBeLessThan(500 * 13 * 8 + 300);
    const decoded = decodeFeatures(Buffer.concat([Buffer.alloc(3), encoded]).subarray(3));
    expect(decoded.length).toBe(500);
    expect(Object.keys(decoded.columns)).toEqual(Object.keys(frame.columns));
    for (const name of Object.keys(frame.columns)) {
      expect(decoded.columns[name]).toBeInstanceOf(Float64Array);
      expect(
        Buffer.from(decoded.columns[name].buffer, decoded.columns[name].byteOffset, 4000),
      ).toEqual(Buffer.from(frame.columns[name].buffer, frame.columns[name].byteOffset, 4000));
    }
    expect(Number.isNaN(decoded.columns.sma_20[0])).toBe(true);
  });

  it('accepts plain number arrays from a compute and refuses an unknown format', () => {
    const decoded = decodeFeatures(
      encodeFeatures({ length: 2, columns: { x: [1, 2] as unknown as Float64Array } }),
    );
    expect(Array.from(decoded.columns.x)).toEqual([1, 2]);
    expect(() => decodeFeatures(Buffer.from([0x93, 0x09, 0x00, 0x90]))).toThrow(/encoding/);
  });
});
