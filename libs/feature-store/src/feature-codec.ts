import type { FeatureFrame } from '@ffe/domain';
import { Packr } from 'msgpackr';

const FORMAT = 2;
const packr = new Packr({ useRecords: false });

type Header = [format: number, length: number, names: string[], lengths: number[]];

/**
 * A feature frame as bytes: a u32 (little-endian) header size, the msgpack header (format,
 * frame length, column names and lengths), padding to 8 bytes, then every column's float64
 * values back to back (column-major). msgpack only ever sees the small header; the values are
 * one block copy each way — no per-value work, and no parser walking 50 KB of numbers.
 * Values are in the platform's byte order: little-endian on every platform we deploy to.
 */
export function encodeFeatures(frame: FeatureFrame): Buffer {
  const names = Object.keys(frame.columns);
  const columns = names.map((name) => asFloat64(frame.columns[name]));
  const header = packr.pack([
    FORMAT,
    frame.length,
    names,
    columns.map((c) => c.length),
  ] satisfies Header);
  const dataStart = align8(4 + header.byteLength);
  const dataBytes = columns.reduce((sum, column) => sum + column.byteLength, 0);
  const out = Buffer.alloc(dataStart + dataBytes);
  out.writeUInt32LE(header.byteLength, 0);
  header.copy(out, 4);
  let offset = dataStart;
  for (const column of columns) {
    out.set(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), offset);
    offset += column.byteLength;
  }
  return out;
}

export function decodeFeatures(buffer: Uint8Array): FeatureFrame {
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const headerBytes = bytes.byteLength >= 4 ? bytes.readUInt32LE(0) : -1;
  const header =
    headerBytes > 0 && headerBytes <= bytes.byteLength - 4
      ? readHeader(bytes, headerBytes)
      : undefined;
  const dataStart = align8(4 + headerBytes);
  if (!header || (bytes.byteLength - dataStart) % 8 !== 0) {
    throw new Error('unknown feature encoding');
  }
  const [, length, names, lengths] = header;
  // The reply may be a slice of a buffer ioredis reuses: copy the values out, once, aligned.
  const data = new Float64Array((bytes.byteLength - dataStart) / 8);
  new Uint8Array(data.buffer).set(bytes.subarray(dataStart));
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

function readHeader(bytes: Buffer, size: number): Header | undefined {
  try {
    const header = packr.unpack(bytes.subarray(4, 4 + size)) as Header;
    return Array.isArray(header) && header[0] === FORMAT ? header : undefined;
  } catch {
    return undefined;
  }
}

function align8(offset: number): number {
  return Math.ceil(offset / 8) * 8;
}

function asFloat64(column: ArrayLike<number>): Float64Array {
  return column instanceof Float64Array ? column : Float64Array.from(column);
}
