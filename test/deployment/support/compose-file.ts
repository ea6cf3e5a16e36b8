import { parseDocument, visit, Scalar, YAMLMap } from 'yaml';
import { readRepoFile } from './repo';

const OVERRIDE = '__compose_override__';
const RESET = '__compose_reset__';

export type ComposeFile = {
  name?: string;
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, unknown>;
  secrets?: Record<string, { file?: string }>;
  [key: string]: unknown;
};
export type Service = Record<string, unknown> & {
  image?: string;
  command?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  secrets?: string[];
  tmpfs?: string[];
  security_opt?: string[];
  cap_drop?: string[];
  read_only?: boolean;
  restart?: string;
  networks?: string[];
  depends_on?: string[] | Record<string, { condition: string }>;
  deploy?: { resources?: { limits?: { cpus?: string; memory?: string } } };
};

/**
 * Reads a Compose file as Compose does: YAML merge keys resolved, and the `!override` and
 * `!reset` tags (Compose 2.24+) kept as markers for the merge below.
 */
export function loadCompose(path: string): ComposeFile {
  const doc = parseDocument(readRepoFile(path), { merge: true });
  visit(doc, {
    Node(_key, node) {
      if (node.tag === '!override') {
        node.tag = undefined;
        const wrapper = new YAMLMap();
        wrapper.set(OVERRIDE, node);
        return wrapper;
      }
      if (node.tag === '!reset') return new Scalar(RESET);
      return undefined;
    },
  });
  if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0].message}`);
  return doc.toJS({ maxAliasCount: -1 }) as ComposeFile;
}

// Compose's merge rules: mappings merge key by key; these sequences are replaced, not appended
// (compose-spec, "Merge and override"); other sequences append, without duplicates.
const REPLACED = new Set(['command', 'entrypoint', 'test']);

/** Merges an override file onto a base file the way `docker compose -f base -f override` does. */
export function mergeCompose(base: unknown, override: unknown, key = ''): unknown {
  if (isMarker(override)) return strip(override[OVERRIDE]);
  if (override === RESET) return undefined;
  if (Array.isArray(override)) {
    const items = strip(override) as unknown[];
    if (!Array.isArray(base) || REPLACED.has(key)) return items;
    return [...new Set([...base, ...items])];
  }
  if (isObject(override)) {
    const merged: Record<string, unknown> = isObject(base) ? { ...base } : {};
    for (const [k, v] of Object.entries(override)) {
      const value = mergeCompose(merged[k], v, k);
      if (value === undefined) delete merged[k];
      else merged[k] = value;
    }
    return merged;
  }
  return override;
}

/** The value with the merge markers resolved (what a single file means on its own). */
function strip(value: unknown): unknown {
  if (isMarker(value)) return strip(value[OVERRIDE]);
  if (Array.isArray(value)) return value.map(strip);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== RESET)
        .map(([k, v]) => [k, strip(v)]),
    );
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMarker(value: unknown): value is Record<typeof OVERRIDE, unknown> {
  return isObject(value) && Object.keys(value).length === 1 && OVERRIDE in value;
}
