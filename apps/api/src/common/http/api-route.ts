import { API_PREFIX } from '@ffe/contracts';
import type { FastifyRequest } from 'fastify';

const API_PATH = `/${API_PREFIX}`;

/**
 * The template of the route Fastify matched (`/api/v1/bot/positions/:id/close`), never the
 * request's target: the router decodes percent-escapes and accepts absolute-form targets, so
 * the raw text can spell a protected route in ways no prefix test of it recognises.
 */
export function matchedRoute(request: FastifyRequest): string | undefined {
  return request.routeOptions?.url;
}

/**
 * True for every route registered under /api/v1 — the part of the API that needs a key and is
 * rate limited. A request that reached a handler without a matched template is treated as one
 * (fail closed).
 */
export function isApiRoute(request: FastifyRequest): boolean {
  const template = matchedRoute(request);
  if (template === undefined) return true;
  return template === API_PATH || template.startsWith(`${API_PATH}/`);
}
