import { existsSync, readdirSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

/**
 * Expands a `dir/*.ext` glob the way Alertmanager does for `templates:` (Node 20 has no
 * fs.globSync). Only the last path segment may hold wildcards — all our configs need.
 */
export function expandGlob(glob: string, cwd: string): string[] {
  const dir = dirname(glob);
  if (/[*?[]/.test(dir)) throw new Error(`only the file name may hold wildcards: ${glob}`);
  const pattern = new RegExp(
    `^${basename(glob)
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')}$`,
  );
  const full = join(cwd, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .filter((file) => pattern.test(file))
    .sort()
    .map((file) => join(dir, file));
}
