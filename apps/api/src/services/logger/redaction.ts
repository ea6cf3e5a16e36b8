import { maskUrlCredentials } from '@ffe/contracts';

export const CENSOR = '[redacted]';

/**
 * Names whose value is a secret wherever they sit in a log object, a header or a query string.
 * Matched on the name lowercased without `-`/`_`, by suffix: `x-api-key`, `coinbase_api_secret`,
 * `refreshToken` and `proxy-authorization` are caught, `tokens_used` is not.
 */
const SECRET_SUFFIXES = [
  'apikey',
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'privatekey',
  'authorization',
  'cookie',
  'credentials',
];

export function isSecretName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[-_]/g, '');
  return SECRET_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

/** Past this depth a value is not walked but replaced: bounds the cost, breaks any cycle. */
const MAX_DEPTH = 12;

/**
 * A copy of a log value with every secret-named field censored at any depth and URL
 * credentials masked in every string. pino's `redact` paths are fixed depths; this is not.
 * Streams, sockets and errors are left to their serializers (req, res, err below).
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskUrlCredentials(value);
  if (typeof value !== 'object' || value === null || !isData(value)) return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretName(key) && item !== undefined ? CENSOR : redactDeep(item, depth + 1);
  }
  return copy;
}

function isData(value: object): boolean {
  return !(
    value instanceof Error ||
    value instanceof Date ||
    Buffer.isBuffer(value) ||
    typeof (value as { on?: unknown }).on === 'function'
  );
}

/** A request target with the values of secret-named query parameters censored. */
export function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return url;
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return url;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const [name] = pair.split('=', 1);
      return isSecretName(safeDecode(name)) ? `${name}=${CENSOR}` : pair;
    })
    .join('&');
  return `${url.slice(0, queryAt)}?${query}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

interface SerializedRequest {
  url?: string;
  [key: string]: unknown;
}

/** pino-http hands its serializers the standard serialized objects; these censor them. */
export const redactingSerializers = {
  req: (req: SerializedRequest) => ({
    ...(redactDeep(req) as object),
    url: redactUrl(req.url === undefined ? undefined : maskUrlCredentials(req.url)),
  }),
  res: (res: object) => redactDeep(res),
  err: (err: object) => redactDeep(err),
};
