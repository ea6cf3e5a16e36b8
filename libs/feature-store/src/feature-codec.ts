import type { FeatureFrame } from '@ffe/domain';
import { Packr } from 'msgpackr';

const FORMAT = 1;
const packr = new Packr({ useRecords: false });

type Packed = [
  format: number,
  length: number,
  names: string[],
  lengths: number[],
  data: Uint8Array,
];

/**
 * A feature frame as one msgpack array: names, column lengths, then every column's float64
 * bytes back to back (column-major). Decoding copies the bytes once into an aligned buffer and
 * hands out views of it — no per-value work either way.
 */
export function encodeFeatures(frame: FeatureFrame): Buffer {
  const names = Object.keys(frame.columns);
  const columns = names.map((name) => asFloat64(frame.columns[name]));
  const lengths = columns.map((column) => column.length);
  const data = new Float64Array(lengths.reduce((sum, n) => sum + n, 0));
  let offset = 0;
  for (const column of columns) {
    data.set(column, offset);
    offset += column.length;
  }
  const packed: Packed = [FORMAT, frame.length, names, lengths, new Uint8Array(data.buffer)];
  return packr.pack(packed);
}

export function decodeFeatures(buffer: Uint8Array): FeatureFrame {
  const [format, length, names, lengths, bytes] = packr.unpack(buffer) as Packed;
  if (format !== FORMAT || bytes.byteLength % 8 !== 0) {
    throw new Error(`unknown feature encoding ${String(format)}`);
  }
  // The bytes sit at an arbitrary offset of the reply: copy once to get 8-byte alignment.
  const data = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(data.buffer).set(bytes);
  const columns: Record<string, Float64Array> = {};
  let offset = 0;
  for (let i = 0; i < names.length; i++) {
    columns[names[i]] = data.subarray(offset, offset + lengths[i]);
    offset += lengths[i];
  }
  return { length, columns };
}

/** Bytes a decoded frame holds in memory (the L1 bound counts these). */
export function featureBytes(frame: FeatureFrame): number {
  let bytes = 64;
  for (const name in frame.columns) bytes += frame.columns[name].byteLength + 2 * name.length + 48;
  return bytes;
}

function asFloat64(column: ArrayLike<number>): Float64Array {
  return column instanceof Float64Array ? column : Float64Array.from(column);
}
