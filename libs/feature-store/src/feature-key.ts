import { createHash, hash as oneShotHash } from 'node:crypto';
import { InvalidInputError, type Candle, type CandleFrame, type FeatureConfig } from '@ffe/domain';

/** Bumped when the key scheme or the value encoding changes: old entries are simply never read. */
export const KEY_SCHEME_VERSION = 2;

const SYMBOL = /^[A-Za-z0-9._/-]{1,32}$/;
const TIMEFRAME = /^[A-Za-z0-9]{1,8}$/;
const CANDLE_FIELDS = 6;

/**
 * Digests of frames the caller froze (array and every candle): a frozen object can never change
 * again, so its digest is computed once per object instead of once per call.
 */
const frozenFrameDigests = new WeakMap<readonly Candle[], string>();
const frozenConfigIds = new WeakMap<object, string>();
const configIds = new Map<string, string>();
const CONFIG_ID_MEMO_LIMIT = 1_000;

/**
 * The content address of a feature frame inside its symbol: timeframe, config and candle data.
 * Identical inputs give the same id on every replica; one changed number gives another.
 */
export function entryId(symbol: string, frame: CandleFrame, config: FeatureConfig): string {
  if (!SYMBOL.test(symbol)) {
    throw new InvalidInputError(
      'FEATURES.SYMBOL_INVALID',
      `symbol "${symbol}" must be 1-32 characters of A-Z a-z 0-9 . _ / -`,
      'symbol',
    );
  }
  if (!TIMEFRAME.test(frame.timeframe)) {
    throw new InvalidInputError(
      'FEATURES.TIMEFRAME_INVALID',
      `timeframe "${frame.timeframe}" must be 1-8 letters or digits`,
      'timeframe',
    );
  }
  return `${frame.timeframe}.${configId(config)}.${frameDigest(frame.candles)}`;
}

/** sha-256 of the candles laid out column-major as float64, truncated to 128 bits. */
export function frameDigest(candles: readonly Candle[]): string {
  const memo = frozenFrameDigests.get(candles);
  if (memo !== undefined) return memo;
  const n = candles.length;
  const data = new Float64Array(n * CANDLE_FIELDS);
  for (let i = 0; i < n; i++) {
    const c = candles[i];
    data[i] = c.timestamp;
    data[n + i] = c.open;
    data[2 * n + i] = c.high;
    data[3 * n + i] = c.low;
    data[4 * n + i] = c.close;
    data[5 * n + i] = c.volume;
  }
  const digest = sha256(data).slice(0, 22);
  if (isFrozenFrame(candles)) frozenFrameDigests.set(candles, digest);
  return digest;
}

/** A short, stable id of the config: key order, and `undefined` members, do not change it. */
export function configId(config: FeatureConfig): string {
  const memo = frozenConfigIds.get(config);
  if (memo !== undefined) return memo;
  const canonical = canonicalJson(config);
  let id = configIds.get(canonical);
  if (id === undefined) {
    id = sha256(`${KEY_SCHEME_VERSION}|${canonical}`).slice(0, 16);
    if (configIds.size >= CONFIG_ID_MEMO_LIMIT) configIds.clear();
    configIds.set(canonical, id);
  }
  if (isDeepFrozen(config)) frozenConfigIds.set(config, id);
  return id;
}

/** JSON with object keys sorted at every depth; the one spelling of a config. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return JSON.stringify(String(value));
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

/**
 * Freezes a frame's candles (the array and each bar) so the store hashes it once, not on every
 * call. Market-data adapters call it on frames they hand out; it returns the same frame.
 */
export function freezeFrame<T extends CandleFrame>(frame: T): T {
  for (const candle of frame.candles) Object.freeze(candle);
  Object.freeze(frame.candles);
  return frame;
}

/** sha-256 in base64url; the one-shot `crypto.hash` (Node ≥ 20.12) skips a Hash object. */
function sha256(data: string | NodeJS.ArrayBufferView): string {
  return typeof oneShotHash === 'function'
    ? oneShotHash('sha256', data, 'base64url')
    : createHash('sha256').update(data).digest('base64url');
}

function isFrozenFrame(candles: readonly Candle[]): boolean {
  if (!Object.isFrozen(candles)) return false;
  for (const candle of candles) if (!Object.isFrozen(candle)) return false;
  return true;
}

function isDeepFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (!Object.isFrozen(value)) return false;
  return Object.values(value).every(isDeepFrozen);
}
