import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';
import type { HttpConfig } from '../config/http-config';

/**
 * Fastify's options from our HTTP config: body size, which proxies to trust (none unless
 * TRUST_PROXY says), and every bound on a connection's time. Fastify's own defaults leave the
 * request and socket unbounded (0).
 */
export function httpServerOptions(http: HttpConfig): FastifyHttpOptions<Server> {
  const { headersMs, requestMs, keepAliveMs } = http.timeouts;
  return {
    bodyLimit: http.bodyLimitBytes,
    trustProxy: http.trustProxy,
    requestTimeout: requestMs,
    keepAliveTimeout: keepAliveMs,
    http: {
      headersTimeout: headersMs,
      requestTimeout: requestMs,
      // Node checks the two bounds above on this tick (30 s by default, longer than the bounds
      // themselves): a tenth of the tighter bound keeps the overshoot small.
      connectionsCheckingInterval: Math.max(50, Math.floor(headersMs / 10)),
    },
    // Idle keep-alive sockets are closed at shutdown; in-flight requests finish first.
    forceCloseConnections: 'idle',
  };
}
