import { SERIES_SUFFIXES } from './known-metrics';

/** What a /metrics page serves: families by their TYPE line, and every sample's name. */
export interface Exposition {
  families: Map<string, string>;
  samples: Set<string>;
}

export function parseExposition(text: string): Exposition {
  const families = new Map<string, string>();
  const samples = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) families.set(type[1], type[2]);
    else if (line && !line.startsWith('#')) samples.add(line.split(/[{\s]/)[0]);
  }
  return { families, samples };
}

/**
 * A name is served when a sample carries it or its family is declared: a labelled histogram
 * with no observation yet declares HELP and TYPE but has no sample, and that is still served.
 */
export function serves(exposition: Exposition, name: string): boolean {
  if (exposition.samples.has(name) || exposition.families.has(name)) return true;
  const suffix = SERIES_SUFFIXES.find((s) => name.endsWith(s));
  if (!suffix) return false;
  const type = exposition.families.get(name.slice(0, -suffix.length));
  return type === 'histogram' || (type === 'summary' && suffix !== '_bucket');
}
