import { ConfigError } from './config-error';
import type { EnvironmentSchema } from './environment.schema';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

/** How the HTTP server listens and what it bounds. */
export interface HttpConfig {
  host: string;
  port: number;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  /** Bounds on one connection's time: a slow or idle client cannot hold a socket open. */
  timeouts: { headersMs: number; requestMs: number; keepAliveMs: number };
  /** Which proxies may name the client in X-Forwarded-For; false: the socket's peer is the client. */
  trustProxy: TrustProxy;
}

export function httpConfig(schema: EnvironmentSchema): HttpConfig {
  // Node refuses a headers bound past the request bound (the headers are part of the request).
  if (schema.HTTP_HEADERS_TIMEOUT_MS > schema.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      'HTTP_HEADERS_TIMEOUT_MS',
      `must not exceed HTTP_REQUEST_TIMEOUT_MS (${schema.HTTP_REQUEST_TIMEOUT_MS})`,
    );
  }
  return {
    host: schema.HOST,
    port: schema.PORT,
    bodyLimitBytes: schema.BODY_LIMIT_BYTES,
    rateLimitPerMinute: schema.RATE_LIMIT_PER_MINUTE,
    timeouts: {
      headersMs: schema.HTTP_HEADERS_TIMEOUT_MS,
      requestMs: schema.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveMs: schema.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
    trustProxy: parseTrustProxy(schema.TRUST_PROXY),
  };
}
