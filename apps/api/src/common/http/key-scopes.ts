import { API_PREFIX } from '@ffe/contracts';

/** What a key may do: FFE_API_KEY everything, FFE_READ_API_KEY reads, FFE_KILL_API_KEY halts. */
export type KeyScope = 'full' | 'read' | 'kill';

const READ_METHODS = new Set(['GET', 'HEAD']);

/** The kill key's routes, as method + matched route template. */
const KILL_ROUTES = new Set([
  `GET /${API_PREFIX}/bot/status`,
  `HEAD /${API_PREFIX}/bot/status`,
  `POST /${API_PREFIX}/bot/emergency-stop`,
]);

/**
 * Why a key of `scope` may not call `method route` (the 403's message), or undefined if it may.
 * Decided by the matched route template, never the request's text.
 */
export function scopeRefusal(scope: KeyScope, method: string, route: string): string | undefined {
  if (scope === 'full') return undefined;
  if (scope === 'read') {
    return READ_METHODS.has(method) ? undefined : 'this key is read-only: it may only GET';
  }
  return KILL_ROUTES.has(`${method} ${route}`)
    ? undefined
    : `this key is the kill switch's: it may only GET /${API_PREFIX}/bot/status and POST /${API_PREFIX}/bot/emergency-stop`;
}
