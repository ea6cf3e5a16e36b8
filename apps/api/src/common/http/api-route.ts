import { API_PREFIX } from '@ffe/contracts';

const API_PATH = `/${API_PREFIX}`;

/** True for every path under /api/v1 — the part of the API that needs a key and is rate limited. */
export function isApiRoute(url: string | undefined): boolean {
  if (!url) return false;
  const path = url.split('?')[0];
  return path === API_PATH || path.startsWith(`${API_PATH}/`);
}
